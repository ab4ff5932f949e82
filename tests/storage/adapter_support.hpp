#pragma once

// What the tests of the adapter's connection, user and transaction calls
// share: users to create and an adapter open on a store. `outcome` comes
// from store_fixture.hpp.

#include <memory>
#include <string>
#include <utility>

#include <doctest/doctest.h>

#include "storage/adapter.hpp"
#include "tests/storage/fresh_store.hpp"
#include "tests/storage/store_fixture.hpp"

namespace troupe::test {

/// A hash in libsodium's format: `$`, `,` and `=` must survive.
inline constexpr const char* argon2_hash
  = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA"
    "$RdescudvJCsgt3ub+b+dWRWJTmaaJObGuBU3v2tVp5A";

inline storage::new_user user_named(std::string name) {
  storage::new_user u;
  u.username = std::move(name);
  u.password_hash = argon2_hash;
  u.created_at = 1719000000123;
  return u;
}

/// Returns a profile whose fields all differ, so swapped columns show.
inline protocol::profile distinct_profile() {
  protocol::profile p;
  p[protocol::profile_field::nickname] = "Alice A.";
  p[protocol::profile_field::email] = "alice@example.org";
  p[protocol::profile_field::phone] = "+49 30 1234567";
  p[protocol::profile_field::avatar] = "https://example.org/a.png";
  p[protocol::profile_field::location] = "Berlin";
  p[protocol::profile_field::bio] = "likes tea";
  p[protocol::profile_field::public_key] = "ed25519:AAAAC3NzaC1lZDI1NTE5AAAAI";
  return p;
}

/// Opens an adapter on `store` and requires it to come up.
inline std::unique_ptr<storage::adapter> opened(const fresh_store& store) {
  auto db = storage::make_adapter(store.settings);
  auto up = db->open();
  INFO(db->last_error());
  REQUIRE(outcome(up) == "ok");
  return db;
}

} // namespace troupe::test
