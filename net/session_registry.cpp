#include "net/session_registry.hpp"

#include <vector>

namespace troupe::net {

std::size_t session_registry::add(closer close_now) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto key = next_key_++;
  open_.emplace(key, std::move(close_now));
  return key;
}

void session_registry::remove(std::size_t key) {
  std::lock_guard<std::mutex> guard{mtx_};
  open_.erase(key);
  if (open_.empty())
    empty_.notify_all();
}

std::size_t session_registry::size() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return open_.size();
}

bool session_registry::wait_until_empty(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> guard{mtx_};
  return empty_.wait_for(guard, timeout, [this] { return open_.empty(); });
}

void session_registry::close_all() {
  std::vector<closer> closers;
  {
    // Call outside the lock: a closer may remove itself synchronously.
    std::lock_guard<std::mutex> guard{mtx_};
    for (auto& [key, close_now] : open_)
      closers.push_back(close_now);
  }
  for (auto& close_now : closers)
    close_now();
}

} // namespace troupe::net
