#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>

namespace troupe::bench {

/// Reads a process's resident set size every few hundred milliseconds on a
/// thread of its own, from construction until `stop()`: a peak between two
/// reports is not missed.
class rss_sampler {
 public:
  /// Samples process `pid`; with `pid` 0 or less it samples nothing.
  explicit rss_sampler(int pid);

  /// Stops sampling (and takes a last sample). Idempotent.
  void stop();

  ~rss_sampler();

  rss_sampler(const rss_sampler&) = delete;
  rss_sampler& operator=(const rss_sampler&) = delete;

  /// The first, largest and last sample, in bytes; -1 without any.
  struct summary {
    std::int64_t first = -1;
    std::int64_t peak = -1;
    std::int64_t last = -1;
  };

  summary so_far() const;

 private:
  void sample();

  int pid_;
  mutable std::mutex mtx_;
  summary summary_;
  std::atomic<bool> running_{true};
  std::thread thread_;
};

} // namespace troupe::bench
