#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>

#include "apps/bench/options.hpp"
#include "apps/bench/session.hpp"

namespace troupe::bench {

/// The bench's client threads: one io_context and one thread each. User `i`
/// lives on thread `i % threads()`, so a user's callbacks run on one thread.
/// Sessions connect to one of the pool's nodes, `node % nodes()`.
class client_pool {
 public:
  client_pool(std::size_t threads, std::vector<tcp::endpoint> nodes,
              std::vector<asio::ip::address> sources);

  /// A pool as `opts` asks: its threads, nodes and source addresses.
  explicit client_pool(const options& opts);

  ~client_pool();

  /// Stops the threads, dropping what is still queued; a pool once
  /// stopped runs nothing more. Idempotent.
  void stop();

  client_pool(const client_pool&) = delete;
  client_pool& operator=(const client_pool&) = delete;

  std::size_t threads() const { return contexts_.size(); }

  std::size_t nodes() const { return nodes_.size(); }

  /// Returns a session for user `index`, not yet open, on its thread,
  /// connecting to node `node % nodes()`.
  std::shared_ptr<session> make_session(std::size_t index, std::string name,
                                        std::size_t node);

  /// Runs `fn` on the thread of user `index`.
  void post(std::size_t index, std::function<void()> fn);

  /// Runs `fn(i)` for every user i in [0, n) on the user's thread, and
  /// waits until all have run.
  void run_for_each(std::size_t n, const std::function<void(std::size_t)>& fn);

  /// Returns the io_context of user `index`, for timers.
  asio::io_context& context_of(std::size_t index);

  /// The address of node `node % nodes()`, and the source address user
  /// `index` connects from (none: the system picks), for connections no
  /// session makes.
  const tcp::endpoint& node(std::size_t node) const;
  std::optional<asio::ip::address> source_of(std::size_t index) const;

 private:
  using guard = asio::executor_work_guard<asio::io_context::executor_type>;

  std::vector<tcp::endpoint> nodes_;
  std::vector<asio::ip::address> sources_;
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<guard> guards_;
  std::vector<std::thread> threads_;
};

/// Counts finished work across threads; the main thread waits on it.
class countdown {
 public:
  explicit countdown(std::size_t total) : left_(total), total_(total) {
    // nop
  }

  void done(bool ok = true) {
    std::lock_guard<std::mutex> guard{mtx_};
    if (!ok)
      ++failed_;
    if (left_ > 0 && --left_ == 0)
      cv_.notify_all();
  }

  /// Waits until all is done or `for_ms` passed; returns how much is done.
  std::size_t wait_for(int for_ms) {
    std::unique_lock<std::mutex> guard{mtx_};
    cv_.wait_for(guard, std::chrono::milliseconds{for_ms},
                 [this] { return left_ == 0; });
    return total_ - left_;
  }

  bool finished() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return left_ == 0;
  }

  std::size_t failed() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return failed_;
  }

  std::size_t total() const { return total_; }

 private:
  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::size_t left_;
  std::size_t total_;
  std::size_t failed_ = 0;
};

} // namespace troupe::bench
