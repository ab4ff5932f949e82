// Who writes a group, as stored, on both backends: the owner epoch a claim
// raises, the lock a write transaction holds on it, and the largest id of a
// group's stream.

#include "storage/adapter.hpp"

#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <string>

#include <doctest/doctest.h>

#include "tests/storage/store_fixture.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using troupe::test::base;
using troupe::test::message;
using troupe::test::open_store;
using troupe::test::outcome;
using troupe::test::some_ms;

namespace {

const storage::group_host node_1{1, 111};
const storage::group_host node_2{2, 222};

/// alice's group `base + 1`, and a second node's adapter on the same store.
struct owned_group : open_store {
  owned_group() {
    alice = add_user("alice");
    storage::group_record g;
    g.group_id = climbers;
    g.name = "climbers";
    g.created_at = some_ms;
    INFO(db->last_error());
    REQUIRE(outcome(db->group_create(g, alice)) == "ok");
    INFO(other->last_error());
    REQUIRE(outcome(other->open()) == "ok");
  }

  /// Returns the group's epoch, read outside a transaction through `on`.
  std::int64_t epoch(storage::adapter& on) {
    auto e = on.group_owner_epoch(climbers);
    INFO(on.last_error());
    REQUIRE(outcome(e) == "ok");
    return *e;
  }

  static constexpr std::int64_t climbers = base + 1;
  protocol::user_id alice = 0;
  std::unique_ptr<storage::adapter> other
    = storage::make_adapter(store.settings);
};

/// Returns a group message of `group` with id `id`.
storage::message_record group_message(std::int64_t id, protocol::user_id sender,
                                      std::int64_t group) {
  auto m = message(id, sender, 0);
  m.group_id = group;
  return m;
}

} // namespace

TEST_CASE_FIXTURE(owned_group, "each claim raises the epoch and names the "
                               "host before it") {
  CHECK(epoch(*db) == 0);
  auto first = db->group_claim(climbers, node_1);
  REQUIRE(outcome(first) == "ok");
  CHECK(first->epoch == 1);
  CHECK(!first->previous);
  auto second = other->group_claim(climbers, node_2);
  REQUIRE(outcome(second) == "ok");
  CHECK(second->epoch == 2);
  REQUIRE(second->previous);
  CHECK(*second->previous == node_1);
  auto third = db->group_claim(climbers, node_2);
  REQUIRE(outcome(third) == "ok");
  CHECK(third->epoch == 3);
  REQUIRE(third->previous);
  CHECK(*third->previous == node_2);
  CHECK(epoch(*db) == 3);
  CHECK(epoch(*other) == 3);
}

TEST_CASE_FIXTURE(owned_group, "there is nothing to claim or check of a "
                               "group that does not exist") {
  CHECK(outcome(db->group_claim(climbers + 1, node_1)) == "not_found");
  CHECK(outcome(db->group_owner_epoch(climbers + 1)) == "not_found");
}

TEST_CASE_FIXTURE(owned_group, "a claim rolled back leaves the epoch, and a "
                               "transaction's own claim is what it checks "
                               "after") {
  begin();
  REQUIRE(outcome(db->group_claim(climbers, node_1)) == "ok");
  db->rollback();
  CHECK(epoch(*db) == 0);
  begin();
  CHECK(epoch(*db) == 0);
  REQUIRE(outcome(db->group_claim(climbers, node_1)) == "ok");
  CHECK(epoch(*db) == 1);
  commit();
  CHECK(epoch(*other) == 1);
}

TEST_CASE_FIXTURE(owned_group, "a write transaction that checked the epoch "
                               "commits before another node's claim, which "
                               "then sees its writes") {
  auto claimed = db->group_claim(climbers, node_1);
  REQUIRE(outcome(claimed) == "ok");
  begin();
  REQUIRE(epoch(*db) == claimed->epoch);
  // The other node claims meanwhile, on its own thread: it must wait for
  // this transaction, whose write the check allowed.
  auto taken = std::async(std::launch::async, [&] {
    auto began = other->begin();
    if (!began)
      return std::string{"begin: "} + std::string{to_string(began.error())};
    auto claim = other->group_claim(climbers, node_2);
    auto largest = other->group_largest_id(climbers);
    if (!claim || !largest || !other->commit())
      return "claim: " + other->last_error();
    return "epoch " + std::to_string(claim->epoch) + ", largest id "
           + std::to_string(*largest - base);
  });
  // Were the row not locked, the claim would be done long before this.
  CHECK(taken.wait_for(1s) == std::future_status::timeout);
  store_message(group_message(base + 7, alice, climbers));
  commit();
  CHECK(taken.get() == "epoch 2, largest id 7");
  // The first node's next write transaction finds its epoch gone.
  begin();
  CHECK(epoch(*db) == 2);
  commit();
}

TEST_CASE_FIXTURE(owned_group, "the largest id of a group is of its messages "
                               "and events only, its own transaction's "
                               "included") {
  auto largest = [&] {
    auto id = db->group_largest_id(climbers);
    INFO(db->last_error());
    REQUIRE(outcome(id) == "ok");
    return *id;
  };
  CHECK(largest() == 0);
  storage::group_record other_group;
  other_group.group_id = base + 2;
  other_group.name = "other";
  REQUIRE(outcome(db->group_create(other_group, alice)) == "ok");
  store_message(group_message(base + 50, alice, other_group.group_id));
  REQUIRE(outcome(db->group_event_store(other_group.group_id,
                                        {base + 60, "{}", base + 2}))
          == "ok");
  store_message(message(base + 70, alice, alice));
  CHECK(largest() == 0);
  store_message(group_message(base + 10, alice, climbers));
  CHECK(largest() == base + 10);
  REQUIRE(outcome(db->group_event_store(climbers, {base + 20, "{}", climbers}))
          == "ok");
  CHECK(largest() == base + 20);
  begin();
  store_message(group_message(base + 30, alice, climbers));
  CHECK(largest() == base + 30);
  commit();
}
