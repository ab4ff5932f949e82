// Creating users and looking them up by name through the SOCI adapter.

#include "storage/soci_adapter.hpp"

#include <cstddef>
#include <string>
#include <vector>

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

namespace {

std::string repeated(const std::string& piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i)
    out += piece;
  return out;
}

} // namespace

// -- users: create and look up ------------------------------------------------

TEST_CASE("user_create returns increasing positive ids") {
  fresh_store store;
  auto db = opened(store);
  protocol::user_id previous = 0;
  for (auto name : {"alice", "bob", "carol", "dave", "erin"}) {
    CAPTURE(name);
    auto uid = db->user_create(user_named(name));
    REQUIRE(outcome(uid) == "ok");
    CHECK(*uid > previous);
    CHECK(*uid <= protocol::max_id);
    auto found = db->user_by_name(name);
    REQUIRE(outcome(found) == "ok");
    CHECK(found->uid == *uid);
    previous = *uid;
  }
  // A failed create does not break the order.
  CHECK(outcome(db->user_create(user_named("bob"))) == "conflict");
  auto next = db->user_create(user_named("frank"));
  REQUIRE(outcome(next) == "ok");
  CHECK(*next > previous);
}

TEST_CASE("user_create answers conflict for a taken username") {
  fresh_store store;
  auto db = opened(store);
  auto first = user_named("alice");
  first.password_hash = "first hash";
  first.profile[profile_field::nickname] = "the first";
  auto uid = db->user_create(first);
  REQUIRE(outcome(uid) == "ok");
  auto second = user_named("alice");
  second.password_hash = "second hash";
  second.profile[profile_field::nickname] = "the second";
  CHECK(outcome(db->user_create(second)) == "conflict");
  // The first user is untouched and the adapter still works.
  auto found = db->user_by_name("alice");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *uid);
  CHECK(found->password_hash == "first hash");
  CHECK(found->profile[profile_field::nickname] == "the first");
  CHECK(db->connected());
  CHECK(outcome(db->user_create(user_named("bob"))) == "ok");
  auto sql = test::open_raw(store.settings);
  CHECK(test::user_count(*sql) == 2);
}

TEST_CASE("usernames that differ in any character are distinct") {
  fresh_store store;
  auto db = opened(store);
  const std::vector<std::string> names{"alice",  "alice.", "Alice",  "alic",
                                       "alice_", "ali-ce", "alice0", "aIice",
                                       "al1ce",  "alicé"};
  std::vector<protocol::user_id> uids;
  for (auto& name : names) {
    CAPTURE(name);
    auto uid = db->user_create(user_named(name));
    REQUIRE(outcome(uid) == "ok");
    uids.push_back(*uid);
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    CAPTURE(names[i]);
    auto found = db->user_by_name(names[i]);
    REQUIRE(outcome(found) == "ok");
    CHECK(found->uid == uids[i]);
    CHECK(found->username == names[i]);
  }
  CHECK(outcome(db->user_by_name("ALICE")) == "not_found");
  CHECK(outcome(db->user_by_name("alic%")) == "not_found");
  CHECK(outcome(db->user_by_name("alic_")) == "not_found");
}

// Lookups see names as the client sent them, so a lookup must match only an
// equal name. MariaDB's PAD SPACE collations (utf8mb4_bin) would find
// 'alice' for 'alice '; the schema uses utf8mb4_nopad_bin for this.
TEST_CASE("usernames that differ only by trailing spaces are distinct") {
  fresh_store store;
  auto db = opened(store);
  auto alice = db->user_create(user_named("alice"));
  REQUIRE(outcome(alice) == "ok");
  auto found = db->user_by_name("alice ");
  CHECK(outcome(found) == "not_found");
  CHECK(outcome(db->user_by_name("alice   ")) == "not_found");
  CHECK(outcome(db->user_create(user_named("alice "))) == "ok");
}

TEST_CASE("user_by_name returns every field as stored") {
  fresh_store store;
  auto db = opened(store);
  auto alice = user_named("alice");
  alice.profile = distinct_profile();
  alice.created_at = 1719000000123;
  auto uid = db->user_create(alice);
  REQUIRE(outcome(uid) == "ok");
  // Another user next to alice, so a lookup must pick the right row.
  auto bob = user_named("bob");
  bob.password_hash = "bob's hash";
  bob.created_at = 5;
  REQUIRE(outcome(db->user_create(bob)) == "ok");
  auto found = db->user_by_name("alice");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *uid);
  CHECK(found->username == "alice");
  CHECK(found->password_hash == argon2_hash);
  CHECK(found->created_at == 1719000000123);
  protocol::for_each_profile_field([&](profile_field f) {
    CAPTURE(protocol::to_string(f));
    CHECK(found->profile[f] == alice.profile[f]);
  });
  // A user created without a profile reads back with every field empty.
  auto other = db->user_by_name("bob");
  REQUIRE(outcome(other) == "ok");
  CHECK(other->password_hash == "bob's hash");
  CHECK(other->created_at == 5);
  for (auto& field : other->profile.fields)
    CHECK(field.empty());
}

TEST_CASE("user_by_name answers not_found for an unknown name") {
  fresh_store store;
  auto db = opened(store);
  CHECK(outcome(db->user_by_name("alice")) == "not_found");
  REQUIRE(outcome(db->user_create(user_named("alice"))) == "ok");
  CHECK(outcome(db->user_by_name("bob")) == "not_found");
  CHECK(outcome(db->user_by_name("")) == "not_found");
  CHECK(outcome(db->user_by_name("alice' OR '1'='1")) == "not_found");
  CHECK(db->connected());
}

TEST_CASE("the longest valid username round-trips") {
  fresh_store store;
  auto db = opened(store);
  std::string name(32, 'z');
  auto uid = db->user_create(user_named(name));
  REQUIRE(outcome(uid) == "ok");
  auto found = db->user_by_name(name);
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *uid);
  CHECK(outcome(db->user_by_name(std::string(31, 'z'))) == "not_found");
}

TEST_CASE("awkward profile values round-trip exactly") {
  fresh_store store;
  auto db = opened(store);
  const std::vector<std::string> values{
    "it's \"quoted\" ''",
    "back\\slash \\' \\\\ \\n \\0",
    "two\nlines\r\n\ttabbed\n",
    "emoji \xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",
    "CJK \xE6\xBC\xA2\xE5\xAD\x97 \xE3\x81\x8B\xE3\x81\xAA "
    "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4",
    "'); DROP TABLE users; --",
    ":f1 :u :id ? %s $1 ${x}",
    "  padded with spaces  ",
    "",
    std::string(4096, 'x'),
    repeated("\xE6\xBC\xA2", 4096),
    repeated("\xF0\x9F\x98\x80", 4096),
  };
  for (std::size_t i = 0; i < values.size(); ++i) {
    CAPTURE(i);
    auto& value = values[i];
    // Stored by user_create into every field...
    auto name = "user" + std::to_string(i);
    auto u = user_named(name);
    for (auto& field : u.profile.fields)
      field = value;
    REQUIRE(outcome(db->user_create(u)) == "ok");
    auto found = db->user_by_name(name);
    REQUIRE(outcome(found) == "ok");
    for (auto& field : found->profile.fields)
      CHECK((field == value));
    // ...and by user_update_profile over different values.
    auto other = "other" + std::to_string(i);
    auto o = user_named(other);
    o.profile = distinct_profile();
    auto uid = db->user_create(o);
    REQUIRE(outcome(uid) == "ok");
    protocol::profile_update update;
    for (auto& field : update.fields)
      field = value;
    REQUIRE(outcome(db->user_update_profile(*uid, update)) == "ok");
    found = db->user_by_name(other);
    REQUIRE(outcome(found) == "ok");
    for (auto& field : found->profile.fields)
      CHECK((field == value));
  }
}
