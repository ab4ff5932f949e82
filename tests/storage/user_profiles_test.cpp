// Updating user profiles through the SOCI adapter.

#include "storage/soci_adapter.hpp"

#include <cstddef>
#include <string>

#include <doctest/doctest.h>

#include "tests/storage/adapter_support.hpp"

using namespace troupe;
using protocol::profile_field;
using troupe::test::argon2_hash;
using troupe::test::distinct_profile;
using troupe::test::fresh_store;
using troupe::test::opened;
using troupe::test::outcome;
using troupe::test::user_named;

// -- users: profile updates ---------------------------------------------------

TEST_CASE("user_update_profile sets only the present fields") {
  fresh_store store;
  auto db = opened(store);
  auto alice = user_named("alice");
  alice.profile = distinct_profile();
  auto uid = db->user_create(alice);
  REQUIRE(outcome(uid) == "ok");
  protocol::profile_update update;
  update[profile_field::nickname] = "Ally";
  update[profile_field::bio] = ""; // present and empty: clears the field
  REQUIRE(outcome(db->user_update_profile(*uid, update)) == "ok");
  auto expected = distinct_profile();
  expected[profile_field::nickname] = "Ally";
  expected[profile_field::bio] = "";
  auto found = db->user_by_name("alice");
  REQUIRE(outcome(found) == "ok");
  protocol::for_each_profile_field([&](profile_field f) {
    CAPTURE(protocol::to_string(f));
    CHECK(found->profile[f] == expected[f]);
  });
  CHECK(found->password_hash == argon2_hash);
  CHECK(found->created_at == alice.created_at);
  CHECK(found->uid == *uid);
  // Each field alone, in turn.
  protocol::for_each_profile_field([&](profile_field f) {
    CAPTURE(protocol::to_string(f));
    protocol::profile_update one;
    one[f] = "set " + std::string{protocol::to_string(f)};
    expected[f] = *one[f];
    REQUIRE(outcome(db->user_update_profile(*uid, one)) == "ok");
    auto now = db->user_by_name("alice");
    REQUIRE(outcome(now) == "ok");
    for (std::size_t i = 0; i < protocol::profile_field_count; ++i)
      CHECK(now->profile.fields[i] == expected.fields[i]);
  });
}

TEST_CASE("user_update_profile changes no other user") {
  fresh_store store;
  auto db = opened(store);
  auto alice = user_named("alice");
  alice.profile = distinct_profile();
  auto bob = user_named("bob");
  bob.profile = distinct_profile();
  auto alice_id = db->user_create(alice);
  REQUIRE(outcome(alice_id) == "ok");
  REQUIRE(outcome(db->user_create(bob)) == "ok");
  protocol::profile_update update;
  for (auto& field : update.fields)
    field = "changed";
  REQUIRE(outcome(db->user_update_profile(*alice_id, update)) == "ok");
  auto found = db->user_by_name("bob");
  REQUIRE(outcome(found) == "ok");
  for (std::size_t i = 0; i < protocol::profile_field_count; ++i)
    CHECK(found->profile.fields[i] == bob.profile.fields[i]);
}

// MariaDB reports rows changed, not rows matched, unless the client asks for
// found rows (SOCI 4.0.3 does, with CLIENT_FOUND_ROWS): either way an update
// that writes the values already stored must not look like a missing user.
TEST_CASE("user_update_profile succeeds when nothing changes") {
  fresh_store store;
  auto db = opened(store);
  auto alice = user_named("alice");
  alice.profile = distinct_profile();
  auto uid = db->user_create(alice);
  REQUIRE(outcome(uid) == "ok");
  SUBCASE("every field set to its stored value") {
    protocol::profile_update same;
    for (std::size_t i = 0; i < protocol::profile_field_count; ++i)
      same.fields[i] = alice.profile.fields[i];
    CHECK(outcome(db->user_update_profile(*uid, same)) == "ok");
  }
  SUBCASE("one field set to its stored value") {
    protocol::profile_update same;
    same[profile_field::email] = alice.profile[profile_field::email];
    CHECK(outcome(db->user_update_profile(*uid, same)) == "ok");
  }
  SUBCASE("no field set") {
    CHECK(outcome(db->user_update_profile(*uid, {})) == "ok");
  }
  SUBCASE("the same update twice") {
    protocol::profile_update update;
    update[profile_field::bio] = "new bio";
    CHECK(outcome(db->user_update_profile(*uid, update)) == "ok");
    CHECK(outcome(db->user_update_profile(*uid, update)) == "ok");
    alice.profile[profile_field::bio] = "new bio";
  }
  auto found = db->user_by_name("alice");
  REQUIRE(outcome(found) == "ok");
  for (std::size_t i = 0; i < protocol::profile_field_count; ++i)
    CHECK(found->profile.fields[i] == alice.profile.fields[i]);
}

TEST_CASE("user_update_profile answers not_found for an unknown uid") {
  fresh_store store;
  auto db = opened(store);
  protocol::profile_update update;
  update[profile_field::nickname] = "ghost";
  CHECK(outcome(db->user_update_profile(1, update)) == "not_found");
  auto uid = db->user_create(user_named("alice"));
  REQUIRE(outcome(uid) == "ok");
  for (protocol::user_id unknown : {*uid + 1, protocol::user_id{0},
                                    protocol::user_id{-1}, protocol::max_id}) {
    CAPTURE(unknown);
    CHECK(outcome(db->user_update_profile(unknown, update)) == "not_found");
    CHECK(outcome(db->user_update_profile(unknown, {})) == "not_found");
  }
  // Nothing was created or changed on the way.
  auto sql = test::open_raw(store.settings);
  CHECK(test::user_count(*sql) == 1);
  auto found = db->user_by_name("alice");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->profile[profile_field::nickname].empty());
  CHECK(db->connected());
}
