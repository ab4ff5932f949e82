#include "apps/bench/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace troupe::bench {

namespace {

/// Returns the nearest-rank index of the `q`-quantile among `n` > 0 sorted
/// values: ceil(q * n) - 1, clamped to [0, n - 1].
std::size_t nearest_rank_index(double q, std::size_t n) {
  if (!(q > 0.0)) // Also catches NaN.
    return 0;
  if (q >= 1.0)
    return n - 1;
  auto rank = q * static_cast<double>(n);
  // 0.07 * 100 is 7.000000000000001 in binary; without this the ceiling
  // would pick rank 8.
  auto nearest = std::round(rank);
  if (std::abs(rank - nearest) < 1e-9 * std::max(1.0, rank))
    rank = nearest;
  auto index = static_cast<std::size_t>(std::ceil(rank));
  return index == 0 ? 0 : std::min(index - 1, n - 1);
}

} // namespace

void latency_recorder::add(std::int64_t ns, std::uint32_t at_second) {
  // Stays sorted while samples arrive in order, so no sort is needed then.
  if (sorted_ && !samples_.empty() && ns < samples_.back().ns)
    sorted_ = false;
  samples_.push_back({ns, at_second});
}

void latency_recorder::merge(const latency_recorder& other) {
  if (other.samples_.empty())
    return;
  if (&other == this) {
    // Inserting a vector into itself would read through invalidated
    // iterators once it reallocates.
    auto copy = samples_;
    samples_.insert(samples_.end(), copy.begin(), copy.end());
  } else {
    samples_.insert(samples_.end(), other.samples_.begin(),
                    other.samples_.end());
  }
  sorted_ = false;
}

std::int64_t latency_recorder::quantile(double q) const {
  if (samples_.empty())
    return 0;
  ensure_sorted();
  return samples_[nearest_rank_index(q, samples_.size())].ns;
}

std::int64_t latency_recorder::max() const {
  if (samples_.empty())
    return 0;
  ensure_sorted();
  return samples_.back().ns;
}

std::vector<latency_recorder::second_stats>
latency_recorder::by_second() const {
  std::vector<second_stats> result;
  if (samples_.empty())
    return result;
  // Sorted by value, then stably by second: each second's samples end up
  // next to each other and still sorted by value.
  ensure_sorted();
  auto by_time = samples_;
  std::stable_sort(
    by_time.begin(), by_time.end(),
    [](const sample& a, const sample& b) { return a.second < b.second; });
  auto first = by_time.begin();
  while (first != by_time.end()) {
    auto last = std::find_if(first, by_time.end(), [&](const sample& s) {
      return s.second != first->second;
    });
    auto n = static_cast<std::size_t>(std::distance(first, last));
    second_stats stats;
    stats.second = first->second;
    stats.count = n;
    stats.p50 = first[nearest_rank_index(0.5, n)].ns;
    stats.p99 = first[nearest_rank_index(0.99, n)].ns;
    result.push_back(stats);
    first = last;
  }
  return result;
}

void latency_recorder::ensure_sorted() const {
  if (sorted_)
    return;
  std::sort(samples_.begin(), samples_.end(),
            [](const sample& a, const sample& b) {
              return a.ns < b.ns || (a.ns == b.ns && a.second < b.second);
            });
  sorted_ = true;
}

double slope(const std::vector<std::pair<double, double>>& points) {
  if (points.size() < 2)
    return 0;
  double mean_x = 0;
  double mean_y = 0;
  for (auto& [x, y] : points) {
    mean_x += x;
    mean_y += y;
  }
  auto n = static_cast<double>(points.size());
  mean_x /= n;
  mean_y /= n;
  // Centred sums: stable when x is large (e.g. timestamps) and varies little.
  double sxx = 0;
  double sxy = 0;
  for (auto& [x, y] : points) {
    sxx += (x - mean_x) * (x - mean_x);
    sxy += (x - mean_x) * (y - mean_y);
  }
  if (!(sxx > 0)) // Also catches NaN.
    return 0;
  return sxy / sxx;
}

} // namespace troupe::bench
