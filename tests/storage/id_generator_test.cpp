#include "storage/id_generator.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cstdint>
#include <deque>
#include <map>
#include <stdexcept>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "protocol/ids.hpp"

using troupe::protocol::max_id;
using troupe::storage::id_generator;

namespace {

// The documented layout: 41 bits of milliseconds, 5 of node id, 7 of
// sequence.
constexpr unsigned sequence_bits = 7;
constexpr unsigned node_bits = 5;

using ids = std::vector<std::int64_t>;

std::int64_t node_of(std::int64_t id) {
  return (id >> sequence_bits) & ((1 << node_bits) - 1);
}

/// Returns the id's milliseconds since the generator's epoch.
std::int64_t ms_of(std::int64_t id) {
  return id >> (node_bits + sequence_bits);
}

/// Returns the id with milliseconds `ms`, node `node` and sequence `seq`.
std::int64_t make_id(std::int64_t ms, std::int64_t node, std::int64_t seq) {
  return (ms << (node_bits + sequence_bits)) | (node << sequence_bits) | seq;
}

std::int64_t unix_ms_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
    .count();
}

/// Returns `n` ids of `gen`, one after the other.
ids take(id_generator& gen, std::size_t n) {
  ids out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(gen.next());
  return out;
}

/// Returns the index of the first id that is not larger than the one before
/// it, or the size of `xs` when they strictly increase.
std::size_t first_not_increasing(const ids& xs) {
  auto at = std::adjacent_find(xs.begin(), xs.end(),
                               [](auto a, auto b) { return b <= a; });
  return at == xs.end() ? xs.size()
                        : static_cast<std::size_t>(at - xs.begin()) + 1;
}

/// Returns how many ids are outside `1 .. 2^53 - 1`.
std::size_t out_of_range(const ids& xs) {
  return static_cast<std::size_t>(std::count_if(
    xs.begin(), xs.end(), [](auto id) { return id <= 0 || id > max_id; }));
}

/// Returns how many ids do not carry node id `node`.
std::size_t foreign(const ids& xs, std::int64_t node) {
  return static_cast<std::size_t>(std::count_if(
    xs.begin(), xs.end(), [node](auto id) { return node_of(id) != node; }));
}

/// Returns how many ids occur more than once in `xs`.
std::size_t duplicates(ids xs) {
  std::sort(xs.begin(), xs.end());
  std::size_t n = 0;
  for (std::size_t i = 1; i < xs.size(); ++i)
    if (xs[i] == xs[i - 1])
      ++n;
  return n;
}

} // namespace

// -- one thread ---------------------------------------------------------------

TEST_CASE("ids strictly increase in one thread") {
  id_generator gen{0};
  auto xs = take(gen, 100'000);
  CHECK(first_not_increasing(xs) == xs.size());
  CHECK(out_of_range(xs) == 0);
  CHECK(foreign(xs, 0) == 0);
}

TEST_CASE("every id is positive, at most 2^53 - 1 and carries its node id") {
  for (unsigned node = 0; node < id_generator::max_nodes; ++node) {
    CAPTURE(node);
    id_generator gen{node};
    auto xs = take(gen, 1000);
    CHECK(out_of_range(xs) == 0);
    CHECK(foreign(xs, node) == 0);
    CHECK(first_not_increasing(xs) == xs.size());
  }
}

TEST_CASE("a burst of ids borrows the next milliseconds and stays unique") {
  // Node 21 is 0b10101: a sequence that spilled into the node bits would
  // show as a foreign node id.
  id_generator gen{21};
  auto before = unix_ms_now();
  auto xs = take(gen, 10'000);
  auto after = unix_ms_now();
  CHECK(first_not_increasing(xs) == xs.size());
  CHECK(duplicates(xs) == 0);
  CHECK(out_of_range(xs) == 0);
  CHECK(foreign(xs, 21) == 0);
  // At most 128 ids in any millisecond.
  std::map<std::int64_t, int> per_ms;
  for (auto id : xs)
    ++per_ms[ms_of(id)];
  auto busiest
    = std::max_element(per_ms.begin(), per_ms.end(),
                       [](auto& a, auto& b) { return a.second < b.second; });
  CHECK(busiest->second <= 128);
  // Borrowing goes no further ahead than the burst needs: 10000 ids fill
  // at most ceil(10000 / 128) = 79 milliseconds.
  CHECK(id_generator::unix_ms_of(xs.front()) >= before - 5);
  CHECK(id_generator::unix_ms_of(xs.front()) <= after + 5);
  CHECK(id_generator::unix_ms_of(xs.back()) <= after + 79);
}

TEST_CASE("unix_ms_of returns the time an id was issued") {
  id_generator gen{7};
  for (auto round = 0; round < 3; ++round) {
    CAPTURE(round);
    auto before = unix_ms_now();
    auto id = gen.next();
    auto after = unix_ms_now();
    // A few ms of slack for a clock that is adjusted meanwhile.
    CHECK(id_generator::unix_ms_of(id) >= before - 5);
    CHECK(id_generator::unix_ms_of(id) <= after + 5);
  }
}

// -- many threads and nodes ---------------------------------------------------

TEST_CASE("ids from four threads are all unique") {
  id_generator gen{5};
  constexpr std::size_t threads = 4;
  constexpr std::size_t per_thread = 50'000;
  std::vector<ids> taken(threads);
  std::atomic<std::size_t> ready{0};
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      // Start together, so that the threads contend for the generator.
      ++ready;
      while (ready.load() < threads) {
        // spin
      }
      taken[t] = take(gen, per_thread);
    });
  for (auto& w : workers)
    w.join();
  ids all;
  for (std::size_t t = 0; t < threads; ++t) {
    CAPTURE(t);
    // Each thread sees its own ids increase.
    CHECK(first_not_increasing(taken[t]) == per_thread);
    CHECK(out_of_range(taken[t]) == 0);
    CHECK(foreign(taken[t], 5) == 0);
    all.insert(all.end(), taken[t].begin(), taken[t].end());
  }
  CHECK(all.size() == threads * per_thread);
  CHECK(duplicates(all) == 0);
  // Later ids from one generator stay above all of them.
  auto next = gen.next();
  CHECK(next > *std::max_element(all.begin(), all.end()));
}

TEST_CASE("generators with different node ids never collide") {
  id_generator a{3};
  id_generator b{17};
  auto before = unix_ms_now();
  ids from_a{a.next()};
  ids from_b{b.next()};
  auto after = unix_ms_now();
  // Each node's ids tell the time they were issued.
  for (auto id : {from_a.front(), from_b.front()}) {
    CHECK(id_generator::unix_ms_of(id) >= before - 5);
    CHECK(id_generator::unix_ms_of(id) <= after + 5);
  }
  // Interleaved, so both issue ids in the same milliseconds.
  for (auto i = 0; i < 20'000; ++i) {
    from_a.push_back(a.next());
    from_b.push_back(b.next());
  }
  CHECK(foreign(from_a, 3) == 0);
  CHECK(foreign(from_b, 17) == 0);
  ids all = from_a;
  all.insert(all.end(), from_b.begin(), from_b.end());
  CHECK(duplicates(all) == 0);
}

TEST_CASE("all 32 node ids issue distinct ids in the same milliseconds") {
  // A deque: generators hold an atomic and cannot move.
  std::deque<id_generator> gens;
  for (unsigned node = 0; node < id_generator::max_nodes; ++node)
    gens.emplace_back(node);
  ids all;
  for (auto round = 0; round < 500; ++round)
    for (auto& gen : gens)
      all.push_back(gen.next());
  CHECK(duplicates(all) == 0);
  CHECK(out_of_range(all) == 0);
}

// -- advance_past -------------------------------------------------------------

TEST_CASE("advance_past makes the next id larger than a later id of another "
          "node") {
  id_generator mine{0};
  id_generator theirs{31};
  auto now_id = theirs.next();
  SUBCASE("an id 10 s ahead with the largest node id and sequence") {
    // E.g. the largest id stored by a node whose clock ran ahead.
    auto x = make_id(ms_of(now_id) + 10'000, 31, 127);
    REQUIRE(x <= max_id);
    CHECK(id_generator::unix_ms_of(x) - id_generator::unix_ms_of(now_id)
          == 10'000);
    mine.advance_past(x);
    auto next = mine.next();
    CHECK(next > x);
    CHECK(node_of(next) == 0);
    CHECK(id_generator::unix_ms_of(next) == id_generator::unix_ms_of(x) + 1);
    auto later = take(mine, 1000);
    CHECK(later.front() > next);
    CHECK(first_not_increasing(later) == later.size());
  }
  SUBCASE("an id of the millisecond it is in, from a higher node id") {
    // Move mine to a millisecond of its own, 10 s ahead, where its next id
    // is known: sequence 0 of node 0, smaller than the id of node 31.
    auto ms = ms_of(now_id) + 10'000;
    mine.advance_past(make_id(ms - 1, 0, 0));
    auto x = make_id(ms, 31, 0);
    mine.advance_past(x);
    auto next = mine.next();
    CHECK(next > x);
    CHECK(ms_of(next) == ms + 1);
  }
  SUBCASE("the last id of another node's burst") {
    // A burst borrows milliseconds, so its last id lies in the future:
    // 50000 ids take about 390 ms, far more than issuing them does.
    auto burst = take(theirs, 50'000);
    auto x = burst.back();
    CHECK(ms_of(x) > ms_of(mine.next()));
    mine.advance_past(x);
    auto next = mine.next();
    CHECK(next > x);
    CHECK(node_of(next) == 0);
  }
}

TEST_CASE("advance_past never moves ids back") {
  id_generator gen{9};
  auto first = gen.next();
  SUBCASE("with an older id") {
    gen.advance_past(first - (std::int64_t{1000} << 12));
  }
  SUBCASE("with the last id") {
    gen.advance_past(first);
  }
  SUBCASE("with 0") {
    gen.advance_past(0);
  }
  auto next = gen.next();
  auto after = unix_ms_now();
  CHECK(next > first);
  CHECK(node_of(next) == 9);
  // Nor far ahead: at most into the next millisecond.
  CHECK(id_generator::unix_ms_of(next) <= after + 1);
}

// -- node ids -----------------------------------------------------------------

TEST_CASE("a node id of 32 or more throws invalid_argument") {
  CHECK_THROWS_AS(id_generator{32}, std::invalid_argument);
  CHECK_THROWS_AS(id_generator{33}, std::invalid_argument);
  CHECK_THROWS_AS(id_generator{1000}, std::invalid_argument);
  CHECK_THROWS_AS(id_generator{UINT_MAX}, std::invalid_argument);
  CHECK_NOTHROW(id_generator{0});
  CHECK_NOTHROW(id_generator{31});
}
