#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace troupe::actors {

/// The bound on password work: the jobs sent to the hashing workers and not
/// yet answered, at most `bound` over all of them. A worker's mailbox is
/// unbounded, so the bound is kept here, by the one actor that sends them
/// work (the authenticator). Each job goes to the worker with the fewest.
class hash_queue {
 public:
  hash_queue(std::size_t workers, std::size_t bound);

  /// Returns the worker to take the next job, which counts until
  /// `release`; none when `bound` jobs are out already.
  std::optional<std::size_t> acquire();

  /// Ends a job of `worker`: answered, failed or timed out.
  void release(std::size_t worker);

  /// Returns the jobs out, over all workers.
  std::size_t size() const { return total_; }

 private:
  std::vector<std::size_t> jobs_;
  std::size_t bound_;
  std::size_t total_ = 0;
};

} // namespace troupe::actors
