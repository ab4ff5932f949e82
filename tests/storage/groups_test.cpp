// Groups and memberships as stored, on both backends.

#include "storage/adapter.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/storage/store_fixture.hpp"

using namespace troupe;
using protocol::group_role;
using protocol::group_state;
using troupe::test::open_store;
using troupe::test::outcome;
using troupe::test::some_ms;

namespace {

/// Group ids as the id generator issues them: well beyond 32 bits.
constexpr std::int64_t base = std::int64_t{1} << 50;

/// alice owns group `base + 1`, "climbers"; bob and carol exist.
struct group_store : open_store {
  group_store() {
    alice = add_user("alice");
    bob = add_user("bob");
    carol = add_user("carol");
    storage::group_record g;
    g.group_id = climbers;
    g.name = "climbers";
    g.created_at = some_ms;
    INFO(db->last_error());
    REQUIRE(outcome(db->group_create(g, alice)) == "ok");
  }

  void add(protocol::user_id uid, group_role role = group_role::member) {
    INFO(db->last_error());
    REQUIRE(outcome(db->group_member_add(climbers, uid, role, some_ms + 1))
            == "ok");
  }

  /// Returns the members as (user id, role) pairs.
  std::vector<std::pair<protocol::user_id, group_role>> members() {
    auto rows = db->group_members(climbers);
    INFO(db->last_error());
    REQUIRE(outcome(rows) == "ok");
    std::vector<std::pair<protocol::user_id, group_role>> out;
    for (auto& m : *rows)
      out.emplace_back(m.uid, m.role);
    return out;
  }

  static constexpr std::int64_t climbers = base + 1;
  protocol::user_id alice = 0;
  protocol::user_id bob = 0;
  protocol::user_id carol = 0;
};

} // namespace

TEST_CASE_FIXTURE(group_store, "a new group has its name, state normal and "
                               "its creator as owner") {
  auto g = db->group_by_id(climbers);
  REQUIRE(outcome(g) == "ok");
  CHECK(g->group_id == climbers);
  CHECK(g->name == "climbers");
  CHECK(g->state == group_state::normal);
  CHECK(g->created_at == some_ms);
  auto rows = db->group_members(climbers);
  REQUIRE(outcome(rows) == "ok");
  REQUIRE(rows->size() == 1);
  CHECK(rows->front().uid == alice);
  CHECK(rows->front().username == "alice");
  CHECK(rows->front().role == group_role::owner);
  CHECK(rows->front().delivered_to == 0);
}

TEST_CASE_FIXTURE(group_store, "an unknown group is not_found, and a group id "
                               "taken is a conflict") {
  CHECK(outcome(db->group_by_id(base + 99)) == "not_found");
  CHECK(outcome(db->group_set_state(base + 99, group_state::muted))
        == "not_found");
  storage::group_record again;
  again.group_id = climbers;
  again.name = "other";
  again.created_at = some_ms;
  CHECK(outcome(db->group_create(again, bob)) == "conflict");
  CHECK(db->connected());
  auto rows = db->group_members(base + 99);
  REQUIRE(outcome(rows) == "ok");
  CHECK(rows->empty());
}

TEST_CASE_FIXTURE(group_store, "members are added once, with their roles, "
                               "and listed by user id") {
  add(carol, group_role::admin);
  add(bob);
  CHECK(members()
        == std::vector<std::pair<protocol::user_id, group_role>>{
          {alice, group_role::owner},
          {bob, group_role::member},
          {carol, group_role::admin}});
  CHECK(outcome(db->group_member_add(climbers, bob, group_role::member,
                                     some_ms + 2))
        == "conflict");
  CHECK(members().size() == 3);
}

TEST_CASE_FIXTURE(group_store, "a removed member is gone; removing a "
                               "non-member is not_found") {
  add(bob);
  REQUIRE(outcome(db->group_member_remove(climbers, bob)) == "ok");
  CHECK(members().size() == 1);
  CHECK(outcome(db->group_member_remove(climbers, bob)) == "not_found");
  CHECK(outcome(db->group_member_remove(climbers, carol)) == "not_found");
  // Back again after leaving.
  add(bob);
  CHECK(members().size() == 2);
}

TEST_CASE_FIXTURE(group_store, "roles change for members only; the same role "
                               "again is fine") {
  add(bob);
  REQUIRE(outcome(db->group_member_set_role(climbers, bob, group_role::admin))
          == "ok");
  CHECK(members()[1] == std::make_pair(bob, group_role::admin));
  CHECK(outcome(db->group_member_set_role(climbers, bob, group_role::admin))
        == "ok");
  CHECK(outcome(db->group_member_set_role(climbers, carol, group_role::admin))
        == "not_found");
}

TEST_CASE_FIXTURE(group_store, "the state changes, and the same state again "
                               "is fine") {
  for (auto state : {group_state::muted, group_state::admins_only,
                     group_state::normal, group_state::dissolved}) {
    CAPTURE(protocol::to_string(state));
    REQUIRE(outcome(db->group_set_state(climbers, state)) == "ok");
    CHECK(db->group_by_id(climbers)->state == state);
  }
  CHECK(outcome(db->group_set_state(climbers, group_state::dissolved))
        == "ok");
}

TEST_CASE_FIXTURE(group_store, "groups_of lists a user's groups with their "
                               "role and the group's state") {
  storage::group_record second;
  second.group_id = base + 2;
  second.name = "n\u00e9 \"quoted\" 'name'";
  second.created_at = some_ms;
  REQUIRE(outcome(db->group_create(second, bob)) == "ok");
  add(bob, group_role::admin);
  REQUIRE(outcome(db->group_set_state(climbers, group_state::muted)) == "ok");
  auto mine = db->groups_of(bob);
  REQUIRE(outcome(mine) == "ok");
  REQUIRE(mine->size() == 2);
  CHECK((*mine)[0].group_id == climbers);
  CHECK((*mine)[0].name == "climbers");
  CHECK((*mine)[0].role == group_role::admin);
  CHECK((*mine)[0].state == group_state::muted);
  CHECK((*mine)[1].group_id == base + 2);
  CHECK((*mine)[1].name == second.name);
  CHECK((*mine)[1].role == group_role::owner);
  auto none = db->groups_of(carol);
  REQUIRE(outcome(none) == "ok");
  CHECK(none->empty());
}
