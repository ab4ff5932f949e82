// What a group's changes store, on both backends.

#include "domain/groups.hpp"

#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "domain/messages.hpp"
#include "domain/pushes.hpp"
#include "tests/domain/domain_fixture.hpp"

using namespace troupe;
using protocol::group_role;
using protocol::group_state;
using troupe::test::domain_store;
using troupe::test::outcome;

namespace {

/// alice owns "climbers"; bob and carol are not in it.
struct group_store : domain_store {
  group_store() {
    alice = add_user("alice");
    bob = add_user("bob");
    carol = add_user("carol");
    auto made = domain::create_group(*db, ids, now, alice, "climbers");
    REQUIRE(outcome(made) == "ok");
    group = *made;
    held = claim(group);
  }

  domain::result<domain::group_changed> add(const std::string& name) {
    return domain::add_group_member(*db, ids, now, held, name,
                                    group_state::normal);
  }

  /// Returns the members as (user id, role) pairs.
  std::vector<std::pair<protocol::user_id, group_role>> members() {
    auto loaded = domain::load_group(*db, group);
    REQUIRE(outcome(loaded) == "ok");
    std::vector<std::pair<protocol::user_id, group_role>> out;
    for (auto& m : loaded->members)
      out.emplace_back(m.uid, m.role);
    return out;
  }

  /// Returns the ids of the backlog of `uid`.
  std::vector<std::int64_t> backlog_of(protocol::user_id uid) {
    auto pushes = domain::load_pushes(*db, uid, 0, 100);
    REQUIRE(outcome(pushes) == "ok");
    std::vector<std::int64_t> out;
    for (auto& p : *pushes)
      out.push_back(p.push_id);
    return out;
  }

  std::int64_t group = 0;
  /// The claim the group's actor would hold.
  domain::group_claim held;
  protocol::user_id alice = 0;
  protocol::user_id bob = 0;
  protocol::user_id carol = 0;
};

using members_list = std::vector<std::pair<protocol::user_id, group_role>>;

} // namespace

TEST_CASE_FIXTURE(group_store, "create_group stores the group at now with "
                               "its owner, under a fresh id") {
  auto loaded = domain::load_group(*db, group);
  REQUIRE(outcome(loaded) == "ok");
  CHECK(loaded->group.group_id == group);
  CHECK(loaded->group.name == "climbers");
  CHECK(loaded->group.state == group_state::normal);
  CHECK(loaded->group.created_at == now);
  CHECK(members() == members_list{{alice, group_role::owner}});
  auto other = domain::create_group(*db, ids, now, bob, "climbers");
  REQUIRE(outcome(other) == "ok");
  CHECK(*other > group);
  auto mine = domain::list_groups(*db, alice, 0, 10);
  REQUIRE(outcome(mine) == "ok");
  REQUIRE(mine->size() == 1);
  CHECK((*mine)[0].group_id == group);
  CHECK((*mine)[0].role == group_role::owner);
}

TEST_CASE_FIXTURE(group_store, "load_group answers no_such_group for an "
                               "unknown group") {
  CHECK(outcome(domain::load_group(*db, group + 1)) == "no_such_group");
}

TEST_CASE_FIXTURE(group_store, "add_group_member adds a member whose "
                               "backlog starts with the added update") {
  // What the group held before is no backlog of the new member's.
  auto earlier = add("carol");
  REQUIRE(outcome(earlier) == "ok");
  protocol::group_send_command cmd;
  cmd.group_id = group;
  cmd.body = "before bob";
  auto before = domain::send_group_message(*db, ids, now, held, alice, "alice",
                                           "g1", cmd);
  REQUIRE(outcome(before) == "ok");
  auto added = add("bob");
  REQUIRE(outcome(added) == "ok");
  CHECK(added->uid == bob);
  CHECK(added->push.group_id == group);
  auto push = nlohmann::json::parse(added->push.payload);
  CHECK(push["type"] == "group_update");
  CHECK(push["id"] == added->push.push_id);
  CHECK(push["group_id"] == group);
  CHECK(push["change"] == "added");
  CHECK(push["username"] == "bob");
  CHECK(push["role"] == "member");
  CHECK(push["state"] == "normal");
  CHECK(push["ts"] == now);
  CHECK(members()
        == members_list{{alice, group_role::owner},
                        {bob, group_role::member},
                        {carol, group_role::member}});
  CHECK(backlog_of(bob) == std::vector<std::int64_t>{added->push.push_id});
  CHECK(backlog_of(carol)
        == std::vector<std::int64_t>{earlier->push.push_id, before->msg_id,
                                     added->push.push_id});
}

TEST_CASE_FIXTURE(group_store, "add_group_member refuses an unknown user "
                               "and a member") {
  CHECK(outcome(add("nobody")) == "no_such_user");
  CHECK(outcome(add("alice")) == "already_member");
  REQUIRE(outcome(add("bob")) == "ok");
  CHECK(outcome(add("bob")) == "already_member");
}

TEST_CASE_FIXTURE(group_store, "remove_group_member ends a membership with "
                               "an update the removed member still gets") {
  REQUIRE(outcome(add("bob")) == "ok");
  CHECK(outcome(domain::remove_group_member(*db, ids, now, held, carol, "carol",
                                            group_role::member,
                                            group_state::normal))
        == "not_member");
  auto removed = domain::remove_group_member(
    *db, ids, now, held, bob, "bob", group_role::member, group_state::normal);
  REQUIRE(outcome(removed) == "ok");
  CHECK(removed->uid == bob);
  auto push = nlohmann::json::parse(removed->push.payload);
  CHECK(push["change"] == "removed");
  CHECK(push["username"] == "bob");
  CHECK(members() == members_list{{alice, group_role::owner}});
  auto backlog = backlog_of(bob);
  REQUIRE_FALSE(backlog.empty());
  CHECK(backlog.back() == removed->push.push_id);
  CHECK(outcome(domain::remove_group_member(*db, ids, now, held, bob, "bob",
                                            group_role::member,
                                            group_state::normal))
        == "not_member");
}

TEST_CASE_FIXTURE(group_store, "set_group_role changes a member's role and "
                               "tells the group; not_member for others") {
  REQUIRE(outcome(add("bob")) == "ok");
  CHECK(outcome(domain::set_group_role(*db, ids, now, held, carol, "carol",
                                       group_role::admin, group_state::normal))
        == "not_member");
  auto changed = domain::set_group_role(*db, ids, now, held, bob, "bob",
                                        group_role::admin, group_state::normal);
  REQUIRE(outcome(changed) == "ok");
  CHECK(changed->uid == bob);
  auto push = nlohmann::json::parse(changed->push.payload);
  CHECK(push["change"] == "role");
  CHECK(push["username"] == "bob");
  CHECK(push["role"] == "admin");
  CHECK(members()
        == members_list{{alice, group_role::owner}, {bob, group_role::admin}});
  CHECK(backlog_of(bob).back() == changed->push.push_id);
}

TEST_CASE_FIXTURE(group_store, "set_group_state sets the state and tells "
                               "the group; no_such_group for none") {
  CHECK(outcome(domain::set_group_state(*db, ids, now, {group + 1, 1}, alice,
                                        "alice", group_state::muted))
        == "no_such_group");
  auto changed = domain::set_group_state(*db, ids, now, held, alice, "alice",
                                         group_state::admins_only);
  REQUIRE(outcome(changed) == "ok");
  CHECK(changed->uid == alice);
  auto push = nlohmann::json::parse(changed->push.payload);
  CHECK(push["change"] == "state");
  CHECK(push["username"] == "alice");
  CHECK(push["role"] == "owner");
  CHECK(push["state"] == "admins_only");
  auto loaded = domain::load_group(*db, group);
  REQUIRE(outcome(loaded) == "ok");
  CHECK(loaded->group.state == group_state::admins_only);
}
