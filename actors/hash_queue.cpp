#include "actors/hash_queue.hpp"

#include <algorithm>

namespace troupe::actors {

hash_queue::hash_queue(std::size_t workers, std::size_t bound)
  : jobs_(std::max<std::size_t>(workers, 1), 0), bound_(bound) {
  // nop
}

std::optional<std::size_t> hash_queue::acquire() {
  if (total_ >= bound_)
    return std::nullopt;
  auto least = std::min_element(jobs_.begin(), jobs_.end());
  ++*least;
  ++total_;
  return static_cast<std::size_t>(least - jobs_.begin());
}

void hash_queue::release(std::size_t worker) {
  if (worker < jobs_.size() && jobs_[worker] > 0) {
    --jobs_[worker];
    --total_;
  }
}

} // namespace troupe::actors
