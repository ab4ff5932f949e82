// Groups and memberships as stored, on both backends.

#include "storage/adapter.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/storage/fresh_store.hpp"
#include "tests/storage/store_fixture.hpp"

using namespace troupe;
using protocol::group_role;
using protocol::group_state;
using troupe::test::at;
using troupe::test::base;
using troupe::test::ids_of;
using troupe::test::open_store;
using troupe::test::outcome;
using troupe::test::some_ms;

namespace {

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
    REQUIRE(outcome(db->group_member_add(climbers, uid, role, some_ms + 1, 0))
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
                                     some_ms + 2, 0))
        == "conflict");
  CHECK(members().size() == 3);
}

TEST_CASE_FIXTURE(group_store, "a removed member is gone; removing a "
                               "non-member is not_found") {
  constexpr std::int64_t left_at = 1'000'000;
  add(bob);
  REQUIRE(outcome(db->group_member_remove(climbers, bob, left_at)) == "ok");
  CHECK(members().size() == 1);
  CHECK(db->groups_of(bob, 0, 100)->empty());
  CHECK(outcome(db->group_member_remove(climbers, bob, left_at))
        == "not_found");
  CHECK(outcome(db->group_member_remove(climbers, carol, left_at))
        == "not_found");
  CHECK(outcome(db->group_member_set_role(climbers, bob, group_role::admin))
        == "not_found");
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
  CHECK(outcome(db->group_set_state(climbers, group_state::dissolved)) == "ok");
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
  auto mine = db->groups_of(bob, 0, 100);
  REQUIRE(outcome(mine) == "ok");
  REQUIRE(mine->size() == 2);
  CHECK((*mine)[0].group_id == climbers);
  CHECK((*mine)[0].name == "climbers");
  CHECK((*mine)[0].role == group_role::admin);
  CHECK((*mine)[0].state == group_state::muted);
  CHECK((*mine)[1].group_id == base + 2);
  CHECK((*mine)[1].name == second.name);
  CHECK((*mine)[1].role == group_role::owner);
  auto none = db->groups_of(carol, 0, 100);
  REQUIRE(outcome(none) == "ok");
  CHECK(none->empty());
}

TEST_CASE_FIXTURE(group_store, "groups_of pages by group id") {
  std::vector<std::int64_t> ids{climbers};
  for (std::int64_t i = 2; i <= 5; ++i) {
    storage::group_record g;
    g.group_id = base + i;
    g.name = "g" + std::to_string(i);
    g.created_at = some_ms;
    REQUIRE(outcome(db->group_create(g, bob)) == "ok");
    ids.push_back(g.group_id);
  }
  add(bob, group_role::member);
  auto page = [&](std::int64_t after, std::size_t limit) {
    auto rows = db->groups_of(bob, after, limit);
    REQUIRE(outcome(rows) == "ok");
    std::vector<std::int64_t> out;
    for (auto& g : *rows)
      out.push_back(g.group_id);
    return out;
  };
  CHECK(page(0, 2) == std::vector{ids[0], ids[1]});
  CHECK(page(ids[1], 2) == std::vector{ids[2], ids[3]});
  CHECK(page(ids[3], 2) == std::vector{ids[4]});
  CHECK(page(ids[4], 2).empty());
  CHECK(page(0, 10) == ids);
}

// -- group messages -----------------------------------------------------------

namespace {

/// Returns a text message `id` from `from` to group `group_id`.
storage::message_record group_message(std::int64_t id, protocol::user_id from,
                                      std::int64_t group_id,
                                      std::string body = "hello all") {
  auto m = troupe::test::message(id, from, 0, std::move(body),
                                 some_ms + (id - base));
  m.group_id = group_id;
  return m;
}

/// Returns every row of the tables a message could write to.
long long rows_written(soci::session& sql) {
  long long total = 0;
  for (auto table : {"messages", "pushes", "group_members", "chat_groups",
                     "friendships", "users"}) {
    long long n = 0;
    sql << std::string{"SELECT COUNT(*) FROM "} + table, soci::into(n);
    total += n;
  }
  return total;
}

} // namespace

TEST_CASE_FIXTURE(group_store, "a group message is stored once, whatever "
                               "the group's size") {
  // A small group and a large one.
  storage::group_record large;
  large.group_id = base + 2;
  large.name = "large";
  large.created_at = some_ms;
  REQUIRE(outcome(db->group_create(large, alice)) == "ok");
  add(bob);
  REQUIRE(outcome(db->begin()) == "ok");
  for (int i = 0; i < 5000; ++i) {
    storage::new_user u;
    u.username = "m" + std::to_string(i);
    u.password_hash = "x";
    u.created_at = some_ms;
    auto uid = db->user_create(u);
    REQUIRE(outcome(uid) == "ok");
    REQUIRE(outcome(db->group_member_add(large.group_id, *uid,
                                         group_role::member, some_ms, 0))
            == "ok");
  }
  REQUIRE(outcome(db->commit()) == "ok");
  CHECK(db->group_members(large.group_id)->size() == 5001);
  auto sql = troupe::test::open_raw(store.settings);
  auto before = rows_written(*sql);
  store_message(group_message(base + 10, alice, climbers));
  auto after_small = rows_written(*sql);
  store_message(group_message(base + 11, alice, large.group_id));
  auto after_large = rows_written(*sql);
  CHECK(after_small - before == 1);
  CHECK(after_large - after_small == 1);
}

TEST_CASE_FIXTURE(group_store, "group messages page like a conversation and "
                               "never show another group's") {
  add(bob);
  storage::group_record other;
  other.group_id = base + 2;
  other.name = "other";
  other.created_at = some_ms;
  REQUIRE(outcome(db->group_create(other, carol)) == "ok");
  for (std::int64_t k = 1; k <= 6; ++k) {
    store_message(group_message(base + 10 * k, k % 2 ? alice : bob, climbers,
                                "m" + std::to_string(k)));
    store_message(group_message(base + 10 * k + 1, carol, other.group_id));
  }
  // A private message between two members is not the group's either.
  befriend(alice, bob);
  store_message(troupe::test::message(base + 35, alice, bob, "private"));
  auto page = [&](std::int64_t before, std::int64_t after, std::size_t n) {
    auto rows = db->group_messages(climbers, before, after, n);
    INFO(db->last_error());
    REQUIRE(outcome(rows) == "ok");
    return ids_of(*rows);
  };
  using ids = std::vector<std::int64_t>;
  CHECK(
    page(0, 0, 50)
    == ids{base + 10, base + 20, base + 30, base + 40, base + 50, base + 60});
  CHECK(page(0, 0, 2) == ids{base + 50, base + 60});
  CHECK(page(base + 50, 0, 2) == ids{base + 30, base + 40});
  CHECK(page(0, base + 20, 2) == ids{base + 30, base + 40});
  CHECK(page(base + 60, base + 20, 50) == ids{base + 30, base + 40, base + 50});
  auto rows = db->group_messages(climbers, 0, 0, 1);
  REQUIRE(outcome(rows) == "ok");
  REQUIRE(rows->size() == 1);
  auto& m = rows->front();
  CHECK(m.sender_id == bob);
  CHECK(m.sender_name == "bob");
  CHECK(m.recipient_id == 0);
  CHECK(m.recipient_name.empty());
  CHECK(m.group_id == climbers);
  CHECK(m.body == "m6");
  CHECK(m.ts == some_ms + 60);
}

TEST_CASE_FIXTURE(group_store, "a group message's request id finds it, with "
                               "its group, and is refused a second time") {
  auto m = group_message(base + 10, alice, climbers);
  m.client_id = "g1";
  store_message(m);
  auto found = db->message_by_client_id(alice, "g1");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->msg_id == base + 10);
  CHECK(found->group_id == climbers);
  CHECK(found->recipient_id == 0);
  auto again = group_message(base + 11, alice, climbers);
  again.client_id = "g1";
  CHECK(outcome(db->message_store(again)) == "conflict");
}

TEST_CASE_FIXTURE(group_store, "group messages held in a batch transaction "
                               "are read back and kept") {
  add(bob);
  REQUIRE(outcome(db->begin()) == "ok");
  store_message(group_message(base + 10, alice, climbers, "it's \"held\""));
  store_message(troupe::test::message(base + 11, alice, bob, "private"));
  auto inside = db->group_messages(climbers, 0, 0, 10);
  REQUIRE(outcome(inside) == "ok");
  CHECK(ids_of(*inside) == std::vector<std::int64_t>{base + 10});
  REQUIRE(outcome(db->commit()) == "ok");
  auto kept = db->group_messages(climbers, 0, 0, 10);
  REQUIRE(outcome(kept) == "ok");
  REQUIRE(kept->size() == 1);
  CHECK(kept->front().body == "it's \"held\"");
  CHECK(kept->front().group_id == climbers);
  auto talk = db->conversation(alice, bob, 0, 0, 10);
  REQUIRE(outcome(talk) == "ok");
  REQUIRE(talk->size() == 1);
  CHECK_FALSE(talk->front().group_id);
}

TEST_CASE_FIXTURE(group_store, "a member's delivery position only moves "
                               "forward") {
  add(bob);
  auto position = [&] {
    auto rows = db->group_members(climbers);
    REQUIRE(outcome(rows) == "ok");
    for (auto& m : *rows)
      if (m.uid == bob)
        return m.delivered_to;
    return std::int64_t{-1};
  };
  CHECK(position() == 0);
  REQUIRE(outcome(db->group_member_delivered(climbers, bob, base + 20))
          == "ok");
  CHECK(position() == base + 20);
  REQUIRE(outcome(db->group_member_delivered(climbers, bob, base + 10))
          == "ok");
  CHECK(position() == base + 20);
  // A non-member has no position to move.
  CHECK(outcome(db->group_member_delivered(climbers, carol, base + 30))
        == "ok");
  CHECK(db->group_members(climbers)->size() == 2);
}
