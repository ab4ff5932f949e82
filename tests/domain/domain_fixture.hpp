#pragma once

// What the domain tests share: an adapter open on a fresh store with users
// (tests/storage/store_fixture.hpp), an id generator, the time the calls
// run at, and outcomes that print readably.

#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "domain/group_claims.hpp"
#include "domain/result.hpp"
#include "storage/id_generator.hpp"
#include "tests/storage/store_fixture.hpp"

namespace troupe::test {

/// Returns "ok", the protocol code a rule refused with, "superseded", or
/// "store fault: " and the storage error.
template <class T>
std::string outcome(const domain::result<T>& r) {
  if (r)
    return "ok";
  if (r.error().is_superseded())
    return "superseded";
  if (r.error().is_store_fault())
    return "store fault: "
           + std::string{storage::to_string(r.error().store_fault())};
  return std::string{protocol::to_string(r.error().code())};
}

/// A fresh store, the ids and the clock of the domain calls.
struct domain_store : open_store {
  /// The time every call runs at: pinned, so stored times are known.
  static constexpr std::int64_t now = some_ms + 5'000;

  /// Returns the pushes stored for `uid` (their own, not their groups'),
  /// oldest first, parsed.
  std::vector<nlohmann::json> pushes_of(protocol::user_id uid) {
    auto rows = db->pushes_after(uid, 0, 1000);
    INFO(db->last_error());
    REQUIRE(outcome(rows) == "ok");
    std::vector<nlohmann::json> out;
    for (auto& p : *rows) {
      auto payload = nlohmann::json::parse(p.payload);
      CHECK(payload.at("id") == p.push_id);
      out.push_back(std::move(payload));
    }
    return out;
  }

  /// Returns whether `a` and `b` are friends, as stored.
  bool friends(protocol::user_id a, protocol::user_id b) {
    auto are = db->friendship_exists(a, b);
    INFO(db->last_error());
    REQUIRE(outcome(are) == "ok");
    return *are;
  }

  /// Claims `group_id` for the tests' node, as its group actor would.
  domain::group_claim claim(std::int64_t group_id) {
    auto claimed = domain::claim_group(*db, ids, group_id, {});
    INFO(db->last_error());
    REQUIRE(outcome(claimed) == "ok");
    return claimed->claim;
  }

  storage::id_generator ids{0};
};

} // namespace troupe::test
