// A user's backlog: system pushes, its order and what acknowledging it
// forgets, on both backends.

#include "domain/pushes.hpp"

#include <cstdint>
#include <map>
#include <vector>

#include <doctest/doctest.h>

#include "domain/groups.hpp"
#include "domain/messages.hpp"
#include "tests/domain/domain_fixture.hpp"

using namespace troupe;
using troupe::test::domain_store;
using troupe::test::outcome;

namespace {

/// Returns the push ids of `pushes`, in their order.
std::vector<std::int64_t>
push_ids(const std::vector<storage::stored_push>& pushes) {
  std::vector<std::int64_t> out;
  for (auto& p : pushes)
    out.push_back(p.push_id);
  return out;
}

} // namespace

TEST_CASE_FIXTURE(domain_store, "store_system_message stores a system push "
                                "for the user, no_such_user for none") {
  auto alice = add_user("alice");
  auto pushed
    = domain::store_system_message(*db, ids, now, "alice", "maintenance");
  REQUIRE(outcome(pushed) == "ok");
  CHECK(pushed->uid == alice);
  auto pushes = pushes_of(alice);
  REQUIRE(pushes.size() == 1);
  CHECK(pushes[0]["type"] == "system");
  CHECK(pushes[0]["id"] == pushed->push.push_id);
  CHECK(pushes[0]["body"] == "maintenance");
  CHECK(pushes[0]["ts"] == now);
  CHECK(outcome(domain::store_system_message(*db, ids, now, "nobody", "x"))
        == "no_such_user");
}

TEST_CASE_FIXTURE(domain_store, "load_pushes merges the user's own pushes "
                                "with their groups' events and messages in "
                                "id order, at most limit, and forget_pushes "
                                "empties it") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  befriend(alice, bob);
  auto group = domain::create_group(*db, ids, now, alice, "climbers");
  REQUIRE(outcome(group) == "ok");
  std::vector<std::int64_t> expected;
  auto held = claim(*group);
  auto added = domain::add_group_member(*db, ids, now, held, "bob",
                                        protocol::group_state::normal);
  REQUIRE(outcome(added) == "ok");
  expected.push_back(added->push.push_id);
  protocol::send_command to_bob;
  to_bob.to = "bob";
  to_bob.body = "private";
  auto direct
    = domain::send_message(*db, ids, now, alice, "alice", "r1", to_bob);
  REQUIRE(outcome(direct) == "ok");
  expected.push_back(direct->msg_id);
  protocol::group_send_command to_group;
  to_group.group_id = *group;
  to_group.body = "all";
  auto in_group = domain::send_group_message(*db, ids, now, held, alice,
                                             "alice", "g1", to_group);
  REQUIRE(outcome(in_group) == "ok");
  expected.push_back(in_group->msg_id);
  auto system = domain::store_system_message(*db, ids, now, "bob", "hello");
  REQUIRE(outcome(system) == "ok");
  expected.push_back(system->push.push_id);

  auto all = domain::load_pushes(*db, bob, 0, 10);
  REQUIRE(outcome(all) == "ok");
  CHECK(push_ids(*all) == expected);
  CHECK((*all)[0].group_id == *group);
  CHECK((*all)[1].group_id == 0);
  CHECK((*all)[2].group_id == *group);
  auto first_two = domain::load_pushes(*db, bob, 0, 2);
  REQUIRE(outcome(first_two) == "ok");
  CHECK(push_ids(*first_two)
        == std::vector<std::int64_t>{expected[0], expected[1]});
  auto after = domain::load_pushes(*db, bob, expected[1], 10);
  REQUIRE(outcome(after) == "ok");
  CHECK(push_ids(*after)
        == std::vector<std::int64_t>{expected[2], expected[3]});
  // alice's own group message is no backlog of hers.
  auto hers = domain::load_pushes(*db, alice, 0, 10);
  REQUIRE(outcome(hers) == "ok");
  CHECK(push_ids(*hers) == std::vector<std::int64_t>{expected[0]});

  REQUIRE(outcome(domain::forget_pushes(
            *db, bob, {direct->msg_id, system->push.push_id},
            std::map<std::int64_t, std::int64_t>{{*group, in_group->msg_id}}))
          == "ok");
  auto none = domain::load_pushes(*db, bob, 0, 10);
  REQUIRE(outcome(none) == "ok");
  CHECK(none->empty());
}
