#include "storage/adapter.hpp"

#include <cstdint>
#include <limits>
#include <string>

#include <doctest/doctest.h>

#include "tests/storage/store_fixture.hpp"

using namespace troupe;
using troupe::test::open_store;
using troupe::test::outcome;
using troupe::test::some_ms;

// -- presence_of --------------------------------------------------------------

TEST_CASE_FIXTURE(open_store, "a new user was never seen and has no "
                              "location") {
  auto alice = add_user("alice");
  auto p = db->presence_of("alice");
  REQUIRE(outcome(p) == "ok");
  CHECK(p->uid == alice);
  CHECK(p->last_seen == 0);
  CHECK_FALSE(p->location.has_value());
}

TEST_CASE_FIXTURE(open_store, "presence_of answers not_found for an unknown "
                              "name") {
  CHECK(outcome(db->presence_of("alice")) == "not_found");
  add_user("alice");
  CHECK(outcome(db->presence_of("bob")) == "not_found");
  CHECK(outcome(db->presence_of("")) == "not_found");
  CHECK(outcome(db->presence_of("alice ")) == "not_found");
  CHECK(outcome(db->presence_of("ALICE")) == "not_found");
  CHECK(db->connected());
}

TEST_CASE_FIXTURE(open_store, "user_set_last_seen shows in presence_of") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  REQUIRE(outcome(db->user_set_last_seen(alice, some_ms + 1)) == "ok");
  auto p = db->presence_of("alice");
  REQUIRE(outcome(p) == "ok");
  CHECK(p->uid == alice);
  CHECK(p->last_seen == some_ms + 1);
  // Setting it again replaces it, also with an earlier time.
  REQUIRE(outcome(db->user_set_last_seen(alice, some_ms - 5)) == "ok");
  p = db->presence_of("alice");
  REQUIRE(outcome(p) == "ok");
  CHECK(p->last_seen == some_ms - 5);
  // The last login does not set a location, and bob stays unseen.
  CHECK_FALSE(p->location.has_value());
  auto other = db->presence_of("bob");
  REQUIRE(outcome(other) == "ok");
  CHECK(other->uid == bob);
  CHECK(other->last_seen == 0);
}

TEST_CASE_FIXTURE(open_store, "last_seen keeps every bit of a 64-bit time") {
  auto alice = add_user("alice");
  // Beyond 32 bits, and beyond 2^53 (where a double would round).
  const std::int64_t times[]{std::int64_t{1} << 40, (std::int64_t{1} << 53) + 1,
                             std::numeric_limits<std::int64_t>::max()};
  for (auto ts : times) {
    CAPTURE(ts);
    REQUIRE(outcome(db->user_set_last_seen(alice, ts)) == "ok");
    auto p = db->presence_of("alice");
    REQUIRE(outcome(p) == "ok");
    CHECK(p->last_seen == ts);
  }
}

TEST_CASE_FIXTURE(open_store, "user_set_location shows in presence_of") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  REQUIRE(outcome(db->user_set_last_seen(alice, some_ms)) == "ok");
  REQUIRE(outcome(db->user_set_location(alice, {52.520008, 13.404954}))
          == "ok");
  auto p = db->presence_of("alice");
  REQUIRE(outcome(p) == "ok");
  REQUIRE(p->location.has_value());
  CHECK(p->location->lat == 52.520008);
  CHECK(p->location->lon == 13.404954);
  // The location leaves last_seen alone, and bob has none.
  CHECK(p->last_seen == some_ms);
  auto other = db->presence_of("bob");
  REQUIRE(outcome(other) == "ok");
  CHECK(other->uid == bob);
  CHECK_FALSE(other->location.has_value());
}

TEST_CASE_FIXTURE(open_store, "locations round-trip exactly in every "
                              "quadrant") {
  auto alice = add_user("alice");
  struct place {
    const char* name;
    protocol::location where;
  };
  const place places[]{
    {"Sydney (south, east)", {-33.865143, 151.2099}},
    {"Buenos Aires (south, west)", {-34.603722, -58.381592}},
    {"New York (north, west)", {40.712776, -74.005974}},
    {"the null island (0, 0)", {0.0, 0.0}},
    {"the corners", {-90.0, -180.0}},
    {"the other corners", {90.0, 180.0}},
    {"a tiny offset", {-0.000001, 0.000001}},
    {"every bit of a double", {0.1 + 0.2, -1.0 / 3.0}},
  };
  for (auto& p : places) {
    CAPTURE(p.name);
    REQUIRE(outcome(db->user_set_location(alice, p.where)) == "ok");
    auto found = db->presence_of("alice");
    REQUIRE(outcome(found) == "ok");
    REQUIRE(found->location.has_value());
    CHECK(found->location->lat == p.where.lat);
    CHECK(found->location->lon == p.where.lon);
  }
}

TEST_CASE_FIXTURE(open_store, "presence survives reopening the store") {
  auto alice = add_user("alice");
  REQUIRE(outcome(db->user_set_last_seen(alice, some_ms + 7)) == "ok");
  REQUIRE(outcome(db->user_set_location(alice, {-12.5, 130.25})) == "ok");
  auto again = storage::make_adapter(store.settings);
  REQUIRE(outcome(again->open()) == "ok");
  auto p = again->presence_of("alice");
  REQUIRE(outcome(p) == "ok");
  CHECK(p->uid == alice);
  CHECK(p->last_seen == some_ms + 7);
  REQUIRE(p->location.has_value());
  CHECK(p->location->lat == -12.5);
  CHECK(p->location->lon == 130.25);
}
