#include "actors/windowed_counts.hpp"

#include <algorithm>
#include <string>

#include <doctest/doctest.h>

using namespace std::chrono_literals;
using troupe::actors::windowed_counts;

namespace {

const windowed_counts::time_point t0{};

} // namespace

TEST_CASE("windowed_counts counts a key's events until its window closes") {
  windowed_counts counts{10, 60s};
  counts.add("a", t0);
  counts.add("a", t0 + 30s);
  CHECK(counts.count("a", t0 + 59s) == 2);
  CHECK(counts.count("b", t0 + 59s) == 0);
  // The window opened with the first event: both leave with it.
  CHECK(counts.count("a", t0 + 60s) == 0);
  counts.add("a", t0 + 61s);
  CHECK(counts.count("a", t0 + 61s) == 1);
  CHECK(counts.size() == 1);
}

TEST_CASE("windowed_counts counts pending events until they are settled") {
  windowed_counts counts{10, 60s};
  counts.begin("a", t0);
  counts.begin("a", t0);
  CHECK(counts.count("a", t0) == 2);
  counts.settle("a", true, t0 + 1s);
  CHECK(counts.count("a", t0 + 1s) == 2);
  counts.settle("a", false, t0 + 1s);
  CHECK(counts.count("a", t0 + 1s) == 1);
  // A pending event outlives its window and counts in the next.
  counts.begin("b", t0);
  CHECK(counts.count("b", t0 + 90s) == 1);
  counts.add("c", t0 + 90s); // drops closed windows on the way
  CHECK(counts.count("b", t0 + 90s) == 1);
  counts.settle("b", false, t0 + 91s);
  CHECK(counts.count("b", t0 + 91s) == 0);
  CHECK(counts.size() == 1); // "c"; "a"'s window has closed too
}

TEST_CASE("windowed_counts holds at most its capacity, dropping the oldest "
          "window first") {
  windowed_counts counts{3, 60s};
  counts.add("first", t0);
  counts.add("second", t0 + 1s);
  counts.add("third", t0 + 2s);
  counts.add("second", t0 + 3s); // a later event keeps its window's start
  counts.add("fourth", t0 + 4s);
  CHECK(counts.size() == 3);
  CHECK(counts.count("first", t0 + 4s) == 0);
  CHECK(counts.count("second", t0 + 4s) == 2);
  counts.add("fifth", t0 + 5s);
  CHECK(counts.count("second", t0 + 5s) == 0);
  CHECK(counts.count("third", t0 + 5s) == 1);
  // A key reopened after its window closed goes to the back again.
  counts.add("third", t0 + 62s);
  counts.add("sixth", t0 + 62s);
  CHECK(counts.count("third", t0 + 62s) == 1);
}

TEST_CASE("windowed_counts stays within its capacity whatever it is fed") {
  windowed_counts counts{100, 60s};
  std::size_t largest = 0;
  for (int i = 0; i < 10000; ++i) {
    auto key = std::string(1000, 'x') + std::to_string(i);
    counts.add(key, t0 + std::chrono::milliseconds{i});
    largest = std::max(largest, counts.size());
  }
  CHECK(largest == 100);
  // The newest stay; closed windows leave as time goes on, unasked.
  CHECK(counts.count(std::string(1000, 'x') + "9999", t0 + 10s) == 1);
  CHECK(counts.count(std::string(1000, 'x') + "9899", t0 + 10s) == 0);
  counts.add("late", t0 + 120s);
  CHECK(counts.size() == 1);
}

TEST_CASE("windowed_counts tells a settled key from a pending one") {
  windowed_counts counts{10, 60s};
  counts.begin("pending", t0);
  counts.add("settled", t0);
  CHECK(!counts.contains("pending", t0));
  CHECK(counts.contains("settled", t0 + 59s));
  CHECK(!counts.contains("settled", t0 + 60s));
  counts.erase("settled");
  CHECK(!counts.contains("settled", t0));
}
