// Where a group's actor runs: rendezvous hashing over the live nodes.

#include "domain/group_placement.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

#include <doctest/doctest.h>

using troupe::domain::place_group;

namespace {

using nodes = std::vector<std::uint32_t>;

/// Group ids as the id generator issues them: close together in time.
std::int64_t group_of(int i) {
  return (std::int64_t{1} << 50) + std::int64_t{i} * 4096;
}

} // namespace

TEST_CASE("every node that knows the same nodes places a group alike") {
  for (int i = 0; i < 200; ++i) {
    auto g = group_of(i);
    auto host = place_group(g, {1, 2, 3});
    CHECK((host == 1 || host == 2 || host == 3));
    CHECK(place_group(g, {3, 1, 2}) == host);
    CHECK(place_group(g, {2, 3, 1}) == host);
    CHECK(place_group(g, {7}) == 7);
  }
}

TEST_CASE("a node that leaves moves only its groups, one that joins takes "
          "only groups it gets") {
  for (int i = 0; i < 500; ++i) {
    auto g = group_of(i);
    auto with_three = place_group(g, {1, 2, 3});
    auto without_two = place_group(g, {1, 3});
    if (with_three != 2)
      CHECK(without_two == with_three);
    auto with_four = place_group(g, {1, 2, 3, 4});
    CHECK((with_four == with_three || with_four == 4));
  }
}

TEST_CASE("the groups spread over the nodes") {
  std::map<std::uint32_t, int> count;
  constexpr int groups = 3000;
  for (int i = 0; i < groups; ++i)
    ++count[place_group(group_of(i), {0, 1, 2})];
  REQUIRE(count.size() == 3);
  for (auto& [node, n] : count) {
    CAPTURE(node);
    CHECK(n > groups / 4);
    CHECK(n < groups * 5 / 12);
  }
}
