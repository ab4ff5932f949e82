// The rules of accounts, on both backends.

#include "domain/accounts.hpp"

#include <doctest/doctest.h>

#include "tests/domain/domain_fixture.hpp"

using namespace troupe;
using protocol::profile_field;
using troupe::test::domain_store;
using troupe::test::outcome;

namespace {

storage::new_user user_named(std::string name) {
  storage::new_user u;
  u.username = std::move(name);
  u.password_hash = "hash";
  u.created_at = domain_store::now;
  return u;
}

} // namespace

TEST_CASE_FIXTURE(domain_store, "create_user answers the new id, and "
                                "username_taken for a name in use") {
  auto uid = domain::create_user(*db, user_named("alice"));
  REQUIRE(outcome(uid) == "ok");
  CHECK(*uid > 0);
  CHECK(outcome(domain::create_user(*db, user_named("alice")))
        == "username_taken");
  auto found = domain::find_user(*db, "alice");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *uid);
}

TEST_CASE_FIXTURE(domain_store, "find_user answers no_such_user for an "
                                "unknown name") {
  add_user("alice");
  CHECK(outcome(domain::find_user(*db, "bob")) == "no_such_user");
}

TEST_CASE_FIXTURE(domain_store, "update_profile changes the fields named "
                                "and answers no_such_user for an unknown id") {
  auto alice = add_user("alice", "Al");
  protocol::profile_update update;
  update[profile_field::bio] = "likes tea";
  REQUIRE(outcome(domain::update_profile(*db, alice, update)) == "ok");
  auto found = domain::find_user(*db, "alice");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->profile[profile_field::bio] == "likes tea");
  CHECK(found->profile[profile_field::nickname] == "Al");
  CHECK(outcome(domain::update_profile(*db, alice + 1000, update))
        == "no_such_user");
}

TEST_CASE_FIXTURE(domain_store, "check_health answers ok on a store that "
                                "answers") {
  CHECK(outcome(domain::check_health(*db)) == "ok");
}

TEST_CASE_FIXTURE(domain_store, "find_presence shows a user to themselves "
                                "and to friends, and not_friends to others") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto carol = add_user("carol");
  befriend(alice, bob);
  REQUIRE(outcome(domain::touch_last_seen(*db, alice, now)) == "ok");
  REQUIRE(outcome(domain::set_location(*db, alice, {52.5, 13.4})) == "ok");
  for (auto viewer : {alice, bob}) {
    CAPTURE(viewer);
    auto seen = domain::find_presence(*db, viewer, "alice");
    REQUIRE(outcome(seen) == "ok");
    CHECK(seen->uid == alice);
    CHECK(seen->last_seen == now);
    REQUIRE(seen->location.has_value());
    CHECK(seen->location->lat == 52.5);
    CHECK(seen->location->lon == 13.4);
  }
  CHECK(outcome(domain::find_presence(*db, carol, "alice")) == "not_friends");
  // An unknown user looks the same as a stranger: nobody learns who exists.
  CHECK(outcome(domain::find_presence(*db, carol, "nobody")) == "not_friends");
}
