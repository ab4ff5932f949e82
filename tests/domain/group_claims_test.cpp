// One writer per group, on both backends: a claim, what a superseded claim
// may no longer write, and ids that keep growing for the group's next host.

#include "domain/group_claims.hpp"

#include <cstdint>
#include <string>
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

const domain::group_host node_1{1, 111};
const domain::group_host node_2{2, 222};

/// alice owns "climbers", with bob in it; carol is not.
struct claimed_store : domain_store {
  claimed_store() {
    alice = add_user("alice");
    bob = add_user("bob");
    carol = add_user("carol");
    auto made = domain::create_group(*db, ids, now, alice, "climbers");
    REQUIRE(outcome(made) == "ok");
    group = *made;
    REQUIRE(outcome(domain::add_group_member(*db, ids, now, claim(group), "bob",
                                             group_state::normal))
            == "ok");
  }

  domain::claimed_group claim_on(const domain::group_host& host) {
    auto claimed = domain::claim_group(*db, ids, group, host);
    INFO(db->last_error());
    REQUIRE(outcome(claimed) == "ok");
    return *claimed;
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
  protocol::user_id alice = 0;
  protocol::user_id bob = 0;
  protocol::user_id carol = 0;
};

} // namespace

TEST_CASE_FIXTURE(claimed_store, "claim_group reads the group for its new "
                                 "host and names the one before") {
  auto first = claim_on(node_1);
  CHECK(first.claim.group_id == group);
  CHECK(first.loaded.group.name == "climbers");
  CHECK(first.loaded.members.size() == 2);
  REQUIRE(first.previous);
  CHECK(*first.previous == domain::group_host{}); // the fixture's claim
  auto second = claim_on(node_2);
  CHECK(second.claim.epoch == first.claim.epoch + 1);
  REQUIRE(second.previous);
  CHECK(*second.previous == node_1);
  CHECK(outcome(domain::claim_group(*db, ids, group + 1, node_1))
        == "no_such_group");
}

TEST_CASE_FIXTURE(claimed_store, "a superseded claim writes nothing; the "
                                 "latest writes") {
  auto old_claim = claim_on(node_1).claim;
  auto new_claim = claim_on(node_2).claim;
  auto bob_backlog = backlog_of(bob);
  protocol::group_send_command cmd;
  cmd.group_id = group;
  cmd.body = "from the old host";
  CHECK(outcome(domain::send_group_message(*db, ids, now, old_claim, alice,
                                           "alice", "g1", cmd))
        == "superseded");
  CHECK(outcome(domain::add_group_member(*db, ids, now, old_claim, "carol",
                                         group_state::normal))
        == "superseded");
  CHECK(outcome(domain::remove_group_member(*db, ids, now, old_claim, bob,
                                            "bob", group_role::member,
                                            group_state::normal))
        == "superseded");
  CHECK(outcome(domain::set_group_role(*db, ids, now, old_claim, bob, "bob",
                                       group_role::admin, group_state::normal))
        == "superseded");
  CHECK(outcome(domain::set_group_state(*db, ids, now, old_claim, alice,
                                        "alice", group_state::muted))
        == "superseded");
  // Nothing of it was stored.
  CHECK(backlog_of(bob) == bob_backlog);
  auto history = domain::load_group_history(*db, group, 0, 0, 10);
  REQUIRE(outcome(history) == "ok");
  CHECK(history->empty());
  auto loaded = domain::load_group(*db, group);
  REQUIRE(outcome(loaded) == "ok");
  CHECK(loaded->group.state == group_state::normal);
  REQUIRE(loaded->members.size() == 2);
  CHECK(loaded->members[1].role == group_role::member);
  // The new host's claim writes: the request the old one refused is stored
  // now, for the first time.
  auto sent = domain::send_group_message(*db, ids, now, new_claim, alice,
                                         "alice", "g1", cmd);
  REQUIRE(outcome(sent) == "ok");
  CHECK_FALSE(sent->repeated);
  CHECK(outcome(domain::check_claim(*db, new_claim)) == "ok");
  CHECK(outcome(domain::check_claim(*db, old_claim)) == "superseded");
  CHECK(outcome(domain::check_claim(*db, {group + 1, 0})) == "no_such_group");
}

TEST_CASE_FIXTURE(claimed_store, "the next host issues ids past the group's "
                                 "though its clock is behind") {
  // The previous host's clock ran a minute ahead of this one's (an id is
  // milliseconds << 12, then node and sequence).
  auto ahead = ids.next() + (std::int64_t{60'000} << 12);
  storage::message_record m;
  m.msg_id = ahead;
  m.sender_id = alice;
  m.group_id = group;
  m.body = "from a host ahead";
  m.ts = now;
  m.client_id = "ahead";
  REQUIRE(outcome(domain::checked(db->message_store(m))) == "ok");
  storage::id_generator behind{2};
  REQUIRE(outcome(domain::claim_group(*db, behind, group, node_2)) == "ok");
  CHECK(behind.next() > ahead);
}

TEST_CASE("a host takes a group over from any other host, or none") {
  using domain::takes_over;
  CHECK_FALSE(takes_over(std::nullopt, node_1));
  CHECK_FALSE(takes_over(node_1, node_1));
  CHECK(takes_over(node_2, node_1));
  // The same node, restarted: what it stored before may never have been
  // handed out.
  CHECK(takes_over(domain::group_host{1, 112}, node_1));
}
