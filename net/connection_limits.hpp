#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace troupe::net {

/// Bounds how many sockets the node holds, in all and per client address,
/// so that no one client can take every file descriptor. Thread-safe.
class connection_limits {
 public:
  /// Held by a connection for its whole life, through the HTTP requests and
  /// the WebSocket it may become; gives its place back when destroyed.
  class slot {
   public:
    slot(connection_limits& owner, std::string address)
      : owner_(owner), address_(std::move(address)) {
      // nop
    }

    ~slot() { owner_.release(address_); }

    slot(const slot&) = delete;
    slot& operator=(const slot&) = delete;

   private:
    connection_limits& owner_;
    std::string address_;
  };

  using slot_ptr = std::unique_ptr<slot>;

  /// At most `max_total` sockets, `max_per_address` from one address; 0
  /// means no bound.
  connection_limits(std::size_t max_total, std::size_t max_per_address);

  /// Returns a slot for a socket from `address`, or null when either bound
  /// is reached: the caller closes the socket at once.
  slot_ptr admit(const std::string& address);

  /// Returns how many sockets hold a slot.
  std::size_t open() const;

  /// Returns how many sockets were refused so far.
  std::size_t refused() const;

 private:
  void release(const std::string& address);

  const std::size_t max_total_;
  const std::size_t max_per_address_;
  mutable std::mutex mtx_;
  std::size_t open_ = 0;
  std::size_t refused_ = 0;
  /// Sockets per address; an address leaves with its last socket, so the
  /// map never holds more entries than there are sockets.
  std::unordered_map<std::string, std::size_t> per_address_;
};

} // namespace troupe::net
