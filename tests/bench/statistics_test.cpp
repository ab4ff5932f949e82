// Latency quantiles, per-second stats and fits.

#include "apps/bench/statistics.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <vector>

using troupe::bench::latency_recorder;
using troupe::bench::slope;

namespace {

/// Returns a recorder holding 1..100 in shuffled order, all in `second`.
latency_recorder one_to_hundred(std::uint32_t second = 0) {
  std::vector<std::int64_t> values;
  for (std::int64_t v = 1; v <= 100; ++v)
    values.push_back(v);
  std::shuffle(values.begin(), values.end(), std::mt19937{42});
  latency_recorder result;
  for (auto v : values)
    result.add(v, second);
  return result;
}

} // namespace

TEST_CASE("quantiles of 1 to 100 follow the nearest rank") {
  auto r = one_to_hundred();
  CHECK(r.count() == 100);
  CHECK(r.quantile(0.5) == 50);
  CHECK(r.quantile(0.99) == 99);
  CHECK(r.quantile(0.0) == 1);
  CHECK(r.quantile(1.0) == 100);
  CHECK(r.quantile(0.9) == 90);
  CHECK(r.quantile(0.001) == 1);
  CHECK(r.quantile(0.995) == 100);
  CHECK(r.max() == 100);
}

TEST_CASE("quantiles are not shifted by q times n rounding up in binary") {
  // 0.07 * 100 and 0.14 * 100 come out just above 7 and 14 in doubles.
  auto r = one_to_hundred();
  CHECK(r.quantile(0.07) == 7);
  CHECK(r.quantile(0.14) == 14);
  CHECK(r.quantile(0.29) == 29);
}

TEST_CASE("quantiles outside 0 to 1 are clamped to the extremes") {
  auto r = one_to_hundred();
  CHECK(r.quantile(-0.5) == 1);
  CHECK(r.quantile(2.0) == 100);
  CHECK(r.quantile(std::numeric_limits<double>::quiet_NaN()) == 1);
}

TEST_CASE("an empty recorder reports zero for every statistic") {
  const latency_recorder r;
  CHECK(r.count() == 0);
  CHECK(r.quantile(0.0) == 0);
  CHECK(r.quantile(0.5) == 0);
  CHECK(r.quantile(1.0) == 0);
  CHECK(r.max() == 0);
  CHECK(r.by_second().empty());
}

TEST_CASE("one sample is every quantile") {
  latency_recorder r;
  r.add(-3, 0); // A clock step back must not be lost or reordered.
  CHECK(r.quantile(0.0) == -3);
  CHECK(r.quantile(0.5) == -3);
  CHECK(r.quantile(1.0) == -3);
  CHECK(r.max() == -3);
}

TEST_CASE("quantiles see samples added after an earlier read") {
  latency_recorder r;
  for (std::int64_t v = 10; v >= 1; --v)
    r.add(v, 0);
  const latency_recorder& view = r;
  CHECK(view.quantile(1.0) == 10);
  CHECK(view.quantile(0.0) == 1);
  r.add(0, 1); // Below the sorted maximum.
  CHECK(view.quantile(0.0) == 0);
  r.add(50, 1); // Above it.
  CHECK(view.max() == 50);
  r.add(5, 1);
  CHECK(view.count() == 13);
  // Sorted: 0 1 2 3 4 5 5 6 7 8 9 10 50; the 7th of 13 is 5.
  CHECK(view.quantile(0.5) == 5);
  CHECK(view.quantile(12.0 / 13) == 10);
}

TEST_CASE("merge appends the other recorder's samples") {
  latency_recorder low;
  latency_recorder high;
  for (std::int64_t v = 1; v <= 50; ++v) {
    low.add(v, 0);
    high.add(v + 50, 1);
  }
  CHECK(low.max() == 50); // Sorted before the merge.
  low.merge(high);
  CHECK(low.count() == 100);
  CHECK(low.quantile(0.5) == 50);
  CHECK(low.quantile(0.99) == 99);
  CHECK(low.max() == 100);
  CHECK(high.count() == 50);
  CHECK(high.quantile(0.0) == 51);
  auto seconds = low.by_second();
  REQUIRE(seconds.size() == 2);
  CHECK(seconds[0].count == 50);
  CHECK(seconds[1].count == 50);

  low.merge(latency_recorder{});
  CHECK(low.count() == 100);
}

TEST_CASE("a recorder merged into itself holds every sample twice") {
  latency_recorder r;
  r.add(3, 0);
  r.add(1, 0);
  r.add(2, 0);
  r.merge(r);
  CHECK(r.count() == 6);
  CHECK(r.quantile(0.0) == 1);
  CHECK(r.quantile(0.5) == 2);  // 1 1 2 2 3 3: the third.
  CHECK(r.quantile(0.51) == 2); // Rank ceil(3.06) = 4.
  CHECK(r.quantile(0.7) == 3);
  CHECK(r.max() == 3);
}

TEST_CASE("by_second groups samples per second in ascending order") {
  auto r = one_to_hundred(0);
  // Seconds 5 and 2 interleaved with each other, out of order; none in 1.
  r.add(7, 5);
  r.add(3000, 2);
  r.add(1000, 2);
  r.add(2000, 2);
  // Read a quantile first so by_second starts from value-sorted samples.
  CHECK(r.quantile(1.0) == 3000);
  auto seconds = r.by_second();
  REQUIRE(seconds.size() == 3);
  CHECK(seconds[0].second == 0);
  CHECK(seconds[0].count == 100);
  CHECK(seconds[0].p50 == 50);
  CHECK(seconds[0].p99 == 99);
  CHECK(seconds[1].second == 2);
  CHECK(seconds[1].count == 3);
  CHECK(seconds[1].p50 == 2000);
  CHECK(seconds[1].p99 == 3000);
  CHECK(seconds[2].second == 5);
  CHECK(seconds[2].count == 1);
  CHECK(seconds[2].p50 == 7);
  CHECK(seconds[2].p99 == 7);
  // Reading by second leaves the overall quantiles alone.
  CHECK(r.count() == 104);
  CHECK(r.quantile(0.0) == 1);
}

TEST_CASE("by_second works on samples never sorted before") {
  latency_recorder r;
  for (std::uint32_t s = 0; s < 3; ++s) {
    for (std::int64_t v = 200; v >= 1; --v)
      r.add(v * (s + 1), 2 - s);
  }
  auto seconds = r.by_second();
  REQUIRE(seconds.size() == 3);
  // Second 2 got 1..200, second 1 got 2..400, second 0 got 3..600.
  CHECK(seconds[0].second == 0);
  CHECK(seconds[0].p50 == 300);
  CHECK(seconds[0].p99 == 594);
  CHECK(seconds[1].p50 == 200);
  CHECK(seconds[2].p50 == 100);
  CHECK(seconds[2].p99 == 198);
}

// -- slope --------------------------------------------------------------------

TEST_CASE("slope recovers the gradient of exact lines") {
  CHECK(slope({{0, 2}, {1, 5}, {2, 8}, {3, 11}}) == doctest::Approx(3));
  CHECK(slope({{1, 10}, {2, 8}}) == doctest::Approx(-2));
  CHECK(slope({{4, 7}, {1, 7}, {9, 7}}) == doctest::Approx(0));
  // Large x offsets, as with timestamps or session counts.
  CHECK(slope({{1e9, 100}, {1e9 + 1, 101.5}, {1e9 + 2, 103}})
        == doctest::Approx(1.5));
}

TEST_CASE("slope fits the least-squares line through noisy points") {
  // Residuals +1 -1 -1 +1 around y = 2x cancel in the fit.
  CHECK(slope({{0, 1}, {1, 1}, {2, 3}, {3, 7}}) == doctest::Approx(2));
}

TEST_CASE("slope is zero for fewer than two points or one x") {
  CHECK(slope({}) == 0);
  CHECK(slope({{3, 4}}) == 0);
  CHECK(slope({{2, 1}, {2, 9}, {2, 5}}) == 0);
}
