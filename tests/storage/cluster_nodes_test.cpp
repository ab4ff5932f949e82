#include "storage/adapter.hpp"

#include <cstdint>
#include <memory>
#include <string>

#include <doctest/doctest.h>

#include "tests/storage/store_fixture.hpp"

using namespace troupe;
using troupe::test::open_store;
using troupe::test::outcome;
using troupe::test::some_ms;

namespace {

constexpr std::int64_t lease_ms = 5000;

storage::node_lease lease_of(std::uint32_t node, std::int64_t incarnation,
                             std::int64_t now, std::uint16_t port = 7000) {
  return {node, incarnation, "127.0.0." + std::to_string(node + 1), port,
          now + lease_ms};
}

/// A second node's adapter on the same store.
struct two_nodes : open_store {
  std::unique_ptr<storage::adapter> other
    = storage::make_adapter(store.settings);

  two_nodes() {
    INFO(other->last_error());
    REQUIRE(outcome(other->open()) == "ok");
  }
};

} // namespace

TEST_CASE_FIXTURE(two_nodes, "a node id is held by one live incarnation") {
  REQUIRE(outcome(db->node_lease_take(lease_of(3, 111, some_ms), some_ms))
          == "ok");
  SUBCASE("another incarnation cannot take it while the lease lasts") {
    CHECK(outcome(other->node_lease_take(lease_of(3, 222, some_ms + 10),
                                         some_ms + 10))
          == "conflict");
    CHECK(outcome(other->node_lease_take(lease_of(3, 222, some_ms + lease_ms),
                                         some_ms + lease_ms))
          == "conflict");
  }
  SUBCASE("it can once the lease ended, and the old holder lost it") {
    auto later = some_ms + lease_ms + 1;
    CHECK(outcome(other->node_lease_take(lease_of(3, 222, later), later))
          == "ok");
    CHECK(outcome(db->node_lease_renew(3, 111, later + lease_ms))
          == "conflict");
    CHECK(outcome(db->node_lease_take(lease_of(3, 111, later), later))
          == "conflict");
  }
  SUBCASE("the holder takes it again, e.g. with a new address") {
    CHECK(outcome(db->node_lease_take(lease_of(3, 111, some_ms + 1, 7001),
                                      some_ms + 1))
          == "ok");
    auto live = db->live_nodes(some_ms + 1);
    REQUIRE(outcome(live) == "ok");
    REQUIRE(live->size() == 1);
    CHECK(live->front().port == 7001);
  }
  SUBCASE("an incarnation known to be gone is replaced at once") {
    auto holder = other->node_lease_holder(3);
    REQUIRE(outcome(holder) == "ok");
    CHECK(holder->incarnation == 111);
    CHECK(holder->host == "127.0.0.4");
    CHECK(holder->port == 7000);
    CHECK(outcome(other->node_lease_take(lease_of(3, 222, some_ms + 10),
                                         some_ms + 10, 999))
          == "conflict");
    CHECK(outcome(other->node_lease_take(lease_of(3, 222, some_ms + 10),
                                         some_ms + 10, 111))
          == "ok");
    CHECK(other->node_lease_holder(3)->incarnation == 222);
    CHECK(outcome(other->node_lease_holder(4)) == "not_found");
  }
  SUBCASE("other ids are free") {
    CHECK(outcome(other->node_lease_take(lease_of(4, 222, some_ms), some_ms))
          == "ok");
  }
}

TEST_CASE_FIXTURE(two_nodes, "a renewed lease keeps the node live") {
  REQUIRE(outcome(db->node_lease_take(lease_of(1, 11, some_ms), some_ms))
          == "ok");
  REQUIRE(outcome(other->node_lease_take(lease_of(2, 22, some_ms), some_ms))
          == "ok");
  auto later = some_ms + lease_ms + 1;
  // Renewing with the same end changes no row: it still holds.
  REQUIRE(outcome(db->node_lease_renew(1, 11, some_ms + lease_ms)) == "ok");
  REQUIRE(outcome(db->node_lease_renew(1, 11, later + lease_ms)) == "ok");
  auto live = other->live_nodes(later);
  REQUIRE(outcome(live) == "ok");
  REQUIRE(live->size() == 1);
  auto& node = live->front();
  CHECK(node.node_id == 1);
  CHECK(node.incarnation == 11);
  CHECK(node.host == "127.0.0.2");
  CHECK(node.port == 7000);
  CHECK(node.lease_until == later + lease_ms);
  // Node 2 did not renew: its id is free for a new incarnation.
  CHECK(outcome(db->node_lease_take(lease_of(2, 33, later), later)) == "ok");
  CHECK(outcome(other->node_lease_renew(2, 22, later + lease_ms))
        == "conflict");
}

TEST_CASE_FIXTURE(two_nodes, "live nodes come in node order, a released "
                             "one gone at once") {
  for (std::uint32_t node : {5u, 0u, 9u})
    REQUIRE(
      outcome(db->node_lease_take(lease_of(node, 100 + node, some_ms), some_ms))
      == "ok");
  // Only the holder's incarnation releases.
  REQUIRE(outcome(other->node_lease_release(9, 1)) == "ok");
  REQUIRE(outcome(other->node_lease_release(5, 105)) == "ok");
  auto live = other->live_nodes(some_ms);
  REQUIRE(outcome(live) == "ok");
  REQUIRE(live->size() == 2);
  CHECK((*live)[0].node_id == 0);
  CHECK((*live)[1].node_id == 9);
  CHECK(outcome(other->node_lease_take(lease_of(5, 205, some_ms), some_ms))
        == "ok");
}
