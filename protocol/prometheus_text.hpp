#pragma once

// The Prometheus text exposition format (version 0.0.4): metric families,
// their samples and labels. Pure formatting; the numbers come from the
// caller.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace troupe::protocol {

/// The `Content-Type` of a scrape answer.
inline constexpr std::string_view prometheus_content_type
  = "text/plain; version=0.0.4; charset=utf-8";

using metric_label = std::pair<std::string_view, std::string_view>;
using metric_labels = std::initializer_list<metric_label>;

/// A histogram's readings: `bucket_counts[i]` observations fell at or below
/// `upper_bounds[i]` and above the bound before (not cumulative); `sum` is
/// in the unit the bounds are in.
struct histogram_reading {
  std::vector<double> upper_bounds;
  std::vector<std::uint64_t> bucket_counts;
  std::uint64_t count = 0;
  double sum = 0;
};

/// Writes one scrape answer, a family at a time: `family` once, then that
/// family's samples.
class prometheus_text {
 public:
  enum class kind { counter, gauge, histogram };

  /// Starts a family: its `# HELP` and `# TYPE` lines.
  void family(std::string_view name, kind type, std::string_view help);

  /// Writes one sample of the current family.
  void sample(std::string_view name, metric_labels labels, double value);
  void sample(std::string_view name, double value) { sample(name, {}, value); }

  /// Writes a histogram's `_bucket` (cumulative, `le` labelled, `+Inf`
  /// last), `_sum` and `_count` samples.
  void histogram(std::string_view name, const histogram_reading& reading);

  /// Returns the text written so far.
  const std::string& text() const { return out_; }

 private:
  void write_labels(metric_labels labels, const metric_label* extra);

  std::string out_;
};

} // namespace troupe::protocol
