// Transactions of the SOCI adapter: begin, commit and rollback around user
// calls.

#include "storage/soci_adapter.hpp"

#include <string>

#include <doctest/doctest.h>

#include "tests/storage/adapter_support.hpp"

using namespace troupe;
using troupe::test::fresh_store;
using troupe::test::opened;
using troupe::test::outcome;
using troupe::test::user_named;

// -- transactions -------------------------------------------------------------

TEST_CASE("rollback discards a user created in the transaction") {
  fresh_store store;
  auto db = opened(store);
  // The other adapter is opened first: on SQLite its migration would wait
  // for the write lock the transaction holds.
  auto other = opened(store);
  REQUIRE(outcome(db->begin()) == "ok");
  REQUIRE(outcome(db->user_create(user_named("alice"))) == "ok");
  // Inside the transaction the user exists; outside it does not yet.
  CHECK(outcome(db->user_by_name("alice")) == "ok");
  CHECK(outcome(other->user_by_name("alice")) == "not_found");
  db->rollback();
  CHECK(outcome(db->user_by_name("alice")) == "not_found");
  CHECK(outcome(other->user_by_name("alice")) == "not_found");
  auto sql = test::open_raw(store.settings);
  CHECK(test::user_count(*sql) == 0);
  // The name is free again and the adapter works outside a transaction.
  CHECK(db->connected());
  CHECK(outcome(db->user_create(user_named("alice"))) == "ok");
  CHECK(outcome(other->user_by_name("alice")) == "ok");
}

TEST_CASE("commit persists users created in the transaction") {
  fresh_store store;
  auto db = opened(store);
  REQUIRE(outcome(db->begin()) == "ok");
  auto alice = db->user_create(user_named("alice"));
  auto bob = db->user_create(user_named("bob"));
  REQUIRE(outcome(alice) == "ok");
  REQUIRE(outcome(bob) == "ok");
  CHECK(*alice < *bob);
  REQUIRE(outcome(db->commit()) == "ok");
  auto other = opened(store);
  auto found = other->user_by_name("alice");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *alice);
  found = other->user_by_name("bob");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *bob);
  // A rollback after the commit takes nothing back.
  db->rollback();
  CHECK(outcome(other->user_by_name("alice")) == "ok");
  auto sql = test::open_raw(store.settings);
  CHECK(test::user_count(*sql) == 2);
}

TEST_CASE("a conflict inside a transaction leaves the transaction usable") {
  fresh_store store;
  auto db = opened(store);
  auto alice = user_named("alice");
  alice.password_hash = "alice's own";
  REQUIRE(outcome(db->user_create(alice)) == "ok");
  REQUIRE(outcome(db->begin()) == "ok");
  // A name taken before the transaction, then one taken inside it.
  CHECK(outcome(db->user_create(user_named("alice"))) == "conflict");
  auto bob = db->user_create(user_named("bob"));
  REQUIRE(outcome(bob) == "ok");
  CHECK(outcome(db->user_create(user_named("bob"))) == "conflict");
  auto carol = db->user_create(user_named("carol"));
  REQUIRE(outcome(carol) == "ok");
  REQUIRE(outcome(db->commit()) == "ok");
  auto other = opened(store);
  auto found = other->user_by_name("bob");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *bob);
  found = other->user_by_name("carol");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *carol);
  found = other->user_by_name("alice");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->password_hash == "alice's own");
  auto sql = test::open_raw(store.settings);
  CHECK(test::user_count(*sql) == 3);
}

TEST_CASE("commit without begin answers unavailable") {
  fresh_store store;
  auto db = storage::make_adapter(store.settings);
  SUBCASE("before the first call") {
    CHECK(outcome(db->commit()) == "unavailable");
    db->rollback();
    CHECK(outcome(db->ping()) == "ok");
  }
  SUBCASE("on an open adapter") {
    REQUIRE(outcome(db->open()) == "ok");
    CHECK(outcome(db->commit()) == "unavailable");
    db->rollback();
    CHECK(db->connected());
  }
  SUBCASE("after the transaction was committed") {
    REQUIRE(outcome(db->begin()) == "ok");
    REQUIRE(outcome(db->commit()) == "ok");
    CHECK(outcome(db->commit()) == "unavailable");
  }
  SUBCASE("after the transaction was rolled back") {
    REQUIRE(outcome(db->begin()) == "ok");
    db->rollback();
    CHECK(outcome(db->commit()) == "unavailable");
  }
  // Writes outside a transaction still persist on their own.
  REQUIRE(outcome(db->user_create(user_named("alice"))) == "ok");
  auto other = opened(store);
  CHECK(outcome(other->user_by_name("alice")) == "ok");
}
