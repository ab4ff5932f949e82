#pragma once

#include <cstdint>
#include <string>
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

  std::size_t count() const {
    return samples_.size();
  }

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

/// CPU seconds used by a process so far, from /proc (`pid` 0: this one).
double cpu_seconds(int pid);

/// Resident set size of a process in bytes, from /proc/PID/status.
std::int64_t rss_bytes(int pid);

/// Returns the slope of the least-squares line through (x, y): e.g. bytes
/// of RSS per session.
double slope(const std::vector<std::pair<double, double>>& points);

/// A named series of points for a chart.
struct series {
  std::string name;
  std::vector<std::pair<double, double>> points;
};

/// Returns an SVG line chart (self-contained, no scripts) of `lines`.
std::string line_chart(const std::string& title, const std::string& x_label,
                       const std::string& y_label,
                       const std::vector<series>& lines);

/// Shows a one-line progress bar on stderr, redrawn at most every 100 ms.
class progress_bar {
public:
  progress_bar(std::string label, std::size_t total);

  /// Sets how much is done; redraws if due.
  void update(std::size_t done);

  /// Draws the final state and ends the line.
  void finish();

private:
  std::string label_;
  std::size_t total_;
  std::size_t done_ = 0;
  std::int64_t last_draw_ns_ = 0;
};

} // namespace troupe::bench
