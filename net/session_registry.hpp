#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace troupe::net {

/// Counts the node's open sockets and can close them all at shutdown.
/// Thread-safe.
class session_registry {
 public:
  using closer = std::function<void()>;

  /// Records an open socket; `close_now` must make it close promptly from
  /// any thread. Returns a key for `remove`.
  std::size_t add(closer close_now);

  /// Forgets the socket `key`: it is closed.
  void remove(std::size_t key);

  /// Returns how many sockets are open.
  std::size_t size() const;

  /// Waits until no socket is open or `timeout` passed; returns whether none
  /// is open.
  bool wait_until_empty(std::chrono::milliseconds timeout);

  /// Asks every open socket to close now.
  void close_all();

 private:
  mutable std::mutex mtx_;
  std::condition_variable empty_;
  std::unordered_map<std::size_t, closer> open_;
  std::size_t next_key_ = 1;
};

} // namespace troupe::net
