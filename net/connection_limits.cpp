#include "net/connection_limits.hpp"

namespace troupe::net {

connection_limits::connection_limits(std::size_t max_total,
                                     std::size_t max_per_address)
  : max_total_(max_total), max_per_address_(max_per_address) {
  // nop
}

connection_limits::slot_ptr
connection_limits::admit(const std::string& address) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto from_address = per_address_.find(address);
  auto held = from_address == per_address_.end() ? 0 : from_address->second;
  if ((max_total_ != 0 && open_ >= max_total_)
      || (max_per_address_ != 0 && held >= max_per_address_)) {
    ++refused_;
    return nullptr;
  }
  ++open_;
  ++per_address_[address];
  return std::make_unique<slot>(*this, address);
}

std::size_t connection_limits::open() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return open_;
}

std::size_t connection_limits::refused() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return refused_;
}

void connection_limits::release(const std::string& address) {
  std::lock_guard<std::mutex> guard{mtx_};
  --open_;
  auto i = per_address_.find(address);
  if (i != per_address_.end() && --i->second == 0)
    per_address_.erase(i);
}

} // namespace troupe::net
