#include "protocol/groups.hpp"

#include <doctest/doctest.h>

using namespace troupe::protocol;

TEST_CASE("group roles round-trip through their wire names") {
  for (auto role : {group_role::owner, group_role::admin, group_role::member})
    CHECK(group_role_from_string(to_string(role)) == role);
  CHECK(to_string(group_role::admin) == "admin");
}

TEST_CASE("group states round-trip through their wire names") {
  for (auto state : {group_state::normal, group_state::muted,
                     group_state::admins_only, group_state::dissolved})
    CHECK(group_state_from_string(to_string(state)) == state);
  CHECK(to_string(group_state::admins_only) == "admins_only");
}

TEST_CASE("unknown role and state names are refused") {
  CHECK_FALSE(group_role_from_string("Owner"));
  CHECK_FALSE(group_role_from_string(""));
  CHECK_FALSE(group_state_from_string("admins-only"));
  CHECK_FALSE(group_state_from_string("normal "));
}
