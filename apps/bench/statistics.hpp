#pragma once

// Statistics of a run: latency samples and their quantiles, and fits.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace troupe::bench {

/// Latency samples of one kind, in nanoseconds, with the second of the run
/// each was taken in. Not thread-safe: one per thread, merged at the end.
class latency_recorder {
 public:
  /// Records `ns` observed `at_second` seconds into the run.
  void add(std::int64_t ns, std::uint32_t at_second);

  /// Appends `other`'s samples.
  void merge(const latency_recorder& other);

  std::size_t count() const { return samples_.size(); }

  /// Returns the `q`-quantile (0..1) in nanoseconds; 0 without samples.
  std::int64_t quantile(double q) const;

  /// Returns the largest sample; 0 without samples.
  std::int64_t max() const;

  /// Per second of the run: the number of samples and their p50 and p99.
  struct second_stats {
    std::uint32_t second = 0;
    std::size_t count = 0;
    std::int64_t p50 = 0;
    std::int64_t p99 = 0;
  };

  std::vector<second_stats> by_second() const;

 private:
  struct sample {
    std::int64_t ns;
    std::uint32_t second;
  };

  /// Sorts the samples by value once, before quantiles are read.
  void ensure_sorted() const;

  mutable std::vector<sample> samples_;
  mutable bool sorted_ = true;
};

/// Returns the slope of the least-squares line through (x, y): e.g. bytes
/// of RSS per session.
double slope(const std::vector<std::pair<double, double>>& points);

} // namespace troupe::bench
