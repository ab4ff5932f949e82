#pragma once

#include <atomic>
#include <cstdint>

namespace troupe::storage {

/// Issues the ids of messages and pushes: unique across the deployment,
/// growing with time, at most 2^53 - 1 (JavaScript clients read ids as
/// doubles). An id is 41 bits of milliseconds since 2025-01-01 (until
/// 2094), 5 bits of node id and 7 bits of sequence: 128 ids per
/// millisecond and node. A burst past that borrows the next milliseconds,
/// so ids never repeat and never go back, even if the clock does.
class id_generator {
 public:
  /// Most nodes a deployment can have; node ids are 0 to this minus one.
  static constexpr unsigned max_nodes = 32;

  explicit id_generator(unsigned node_id);

  /// Returns a fresh id. Thread-safe and lock-free.
  std::int64_t next();

  /// Makes every later id larger than `id` (e.g. the largest stored one, so
  /// that a node that restarts quickly never reissues an id it borrowed).
  void advance_past(std::int64_t id);

  /// Returns the time an id was issued, in milliseconds since the epoch.
  static std::int64_t unix_ms_of(std::int64_t id);

 private:
  /// The last id's milliseconds and sequence, as `ms << 7 | sequence`.
  std::atomic<std::uint64_t> last_{0};
  std::uint64_t node_;
};

} // namespace troupe::storage
