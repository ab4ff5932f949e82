#include "storage/adapter.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "storage/id_generator.hpp"
#include "tests/storage/store_fixture.hpp"

using namespace troupe;
using troupe::test::message;
using troupe::test::open_store;
using troupe::test::outcome;

namespace {

using ids = std::vector<std::int64_t>;

/// Small push ids, so that these tests check what they are about on both
/// backends; "push ids beyond 32 bits round-trip" checks real ids.
constexpr std::int64_t base = 1'000'000;

/// Returns a push with id `base + k` whose payload names it and `owner`.
storage::stored_push push(std::int64_t k, const std::string& owner = "alice") {
  return {base + k, R"({"push":"message","id":)" + std::to_string(base + k)
                      + R"(,"to":")" + owner
                      + R"(","body":"n\u00e9 \"quoted\" \\"})"};
}

/// Returns the push ids of `rows`, in their order.
ids push_ids(const std::vector<storage::stored_push>& rows) {
  ids out;
  for (auto& p : rows)
    out.push_back(p.push_id);
  return out;
}

/// Returns `base + k` for each `k`.
ids at(std::initializer_list<std::int64_t> ks) {
  ids out;
  for (auto k : ks)
    out.push_back(base + k);
  return out;
}

/// alice holds pushes `base + 1` to `base + 6`, stored out of order; bob
/// holds pushes with ids in between, and one with the same id as one of
/// alice's.
struct push_store : open_store {
  push_store() {
    alice = add_user("alice");
    bob = add_user("bob");
    for (auto k : {3, 1, 6, 2, 5, 4})
      store(alice, push(k));
    for (auto k : {0, 3, 200, 350})
      store(bob, push(k, "bob"));
  }

  void store(protocol::user_id uid, const storage::stored_push& p) {
    auto stored = db->push_store(uid, p);
    INFO(p.push_id, ": ", db->last_error());
    REQUIRE(outcome(stored) == "ok");
  }

  /// Returns the ids `pushes_after(uid, after, limit)` yields.
  ids after(protocol::user_id uid, std::int64_t after, std::size_t limit) {
    auto rows = db->pushes_after(uid, after, limit);
    INFO(db->last_error());
    REQUIRE(outcome(rows) == "ok");
    return push_ids(*rows);
  }

  protocol::user_id alice = 0;
  protocol::user_id bob = 0;
};

} // namespace

// -- push_store and pushes_after ----------------------------------------------

TEST_CASE_FIXTURE(push_store, "pushes_after returns a user's pushes in id "
                              "order with their payloads") {
  auto rows = db->pushes_after(alice, 0, 100);
  REQUIRE(outcome(rows) == "ok");
  CHECK(push_ids(*rows) == at({1, 2, 3, 4, 5, 6}));
  for (auto& p : *rows) {
    CAPTURE(p.push_id);
    CHECK(p.payload == push(p.push_id - base).payload);
  }
}

TEST_CASE_FIXTURE(push_store, "pushes_after never returns another user's "
                              "pushes") {
  // bob's pushes are base + 0, + 3 (the same id as one of alice's), + 200
  // and + 350.
  CHECK(after(bob, 0, 100) == at({0, 3, 200, 350}));
  CHECK(after(bob, base + 3, 100) == at({200, 350}));
  CHECK(after(alice, base + 3, 100) == at({4, 5, 6}));
  auto carol = add_user("carol");
  CHECK(after(carol, 0, 100).empty());
  // bob's push with alice's id holds bob's payload.
  auto rows = db->pushes_after(bob, base + 2, 1);
  REQUIRE(outcome(rows) == "ok");
  REQUIRE(rows->size() == 1);
  CHECK((*rows)[0].payload == push(3, "bob").payload);
}

TEST_CASE_FIXTURE(push_store, "after is exclusive") {
  CHECK(after(alice, base + 1, 100) == at({2, 3, 4, 5, 6}));
  CHECK(after(alice, base + 5, 100) == at({6}));
  CHECK(after(alice, base + 6, 100).empty());
  CHECK(after(alice, base + 600, 100).empty());
  // A bound that is no push id works as well.
  CHECK(after(alice, base, 100) == at({1, 2, 3, 4, 5, 6}));
}

TEST_CASE_FIXTURE(push_store, "pushes_after returns at most limit pushes, "
                              "the first ones") {
  // One: SOCI's SQLite backend fills no bulk vector of one element.
  CHECK(after(alice, 0, 1) == at({1}));
  CHECK(after(alice, 0, 4) == at({1, 2, 3, 4}));
  CHECK(after(alice, base + 2, 2) == at({3, 4}));
  CHECK(after(alice, 0, 6) == at({1, 2, 3, 4, 5, 6}));
  CHECK(after(alice, 0, 7) == at({1, 2, 3, 4, 5, 6}));
  // Reading page by page yields every push once.
  ids seen;
  std::int64_t from = 0;
  for (auto pages = 0; pages < 10; ++pages) {
    auto page = after(alice, from, 4);
    if (page.empty())
      break;
    CHECK(page.size() <= 4);
    seen.insert(seen.end(), page.begin(), page.end());
    from = page.back();
  }
  CHECK(seen == at({1, 2, 3, 4, 5, 6}));
}

// "Returns up to `limit` pushes": a limit of 0 asks for none. (pushes_after
// once fetched in bulk into vectors of at least one element, with LIMIT
// bound to their size, and so returned one push.)
TEST_CASE_FIXTURE(push_store, "pushes_after with limit 0 returns no push") {
  CHECK(after(alice, 0, 0).empty());
}

// Real push ids come from the id generator and exceed 2^31 a few minutes
// after its epoch (2025-01-01): every id a node issues today does. SOCI
// 4.0.3's SQLite backend cuts integers fetched in bulk into a
// std::vector<long long> to their low 32 bits when the column is declared
// INTEGER (as pushes.push_id is); pushes_after once fetched so, and clients
// then acked ids that push_delete never found.
TEST_CASE_FIXTURE(open_store, "push ids beyond 32 bits round-trip") {
  auto alice = add_user("alice");
  storage::id_generator gen{0};
  ids stored{std::int64_t{1} << 31, (std::int64_t{1} << 32) + 1, gen.next(),
             gen.next(), protocol::max_id};
  for (auto id : stored) {
    auto done = db->push_store(alice, {id, "push " + std::to_string(id)});
    INFO(id, ": ", db->last_error());
    REQUIRE(outcome(done) == "ok");
  }
  auto rows = db->pushes_after(alice, 0, 100);
  REQUIRE(outcome(rows) == "ok");
  CHECK(push_ids(*rows) == stored);
  for (auto& p : *rows)
    CHECK(p.payload == "push " + std::to_string(p.push_id));
  rows = db->pushes_after(alice, stored[2], 100);
  REQUIRE(outcome(rows) == "ok");
  CHECK(push_ids(*rows) == ids{stored[3], stored[4]});
  // What a client acks, from the ids it was sent, is gone afterwards.
  rows = db->pushes_after(alice, 0, 1);
  REQUIRE(outcome(rows) == "ok");
  REQUIRE(rows->size() == 1);
  REQUIRE(outcome(db->push_delete(alice, {(*rows)[0].push_id})) == "ok");
  rows = db->pushes_after(alice, 0, 100);
  REQUIRE(outcome(rows) == "ok");
  CHECK(push_ids(*rows) == ids{stored[1], stored[2], stored[3], stored[4]});
}

TEST_CASE_FIXTURE(open_store, "pushes_after is empty for a user without "
                              "pushes") {
  auto alice = add_user("alice");
  auto rows = db->pushes_after(alice, 0, 100);
  REQUIRE(outcome(rows) == "ok");
  CHECK(rows->empty());
}

TEST_CASE_FIXTURE(open_store, "large and awkward payloads round-trip "
                              "exactly") {
  auto alice = add_user("alice");
  const std::vector<std::string> payloads{
    "",
    "it's \"quoted\" '' back\\slash \\' \\\\ \\n",
    "two\nlines\r\n\ttabbed\n",
    "emoji \xF0\x9F\x98\x80 CJK \xE6\xBC\xA2\xE5\xAD\x97",
    "'); DROP TABLE pushes; --",
    // Beyond TEXT's 64 KiB on MariaDB.
    std::string(300'000, 'p') + "end",
  };
  std::int64_t k = 0;
  for (auto& payload : payloads) {
    auto stored = db->push_store(alice, {base + ++k, payload});
    INFO(db->last_error());
    REQUIRE(outcome(stored) == "ok");
  }
  auto rows = db->pushes_after(alice, 0, 100);
  REQUIRE(outcome(rows) == "ok");
  REQUIRE(rows->size() == payloads.size());
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    CAPTURE(i);
    CHECK((*rows)[i].push_id == base + 1 + static_cast<std::int64_t>(i));
    CHECK((*rows)[i].payload.size() == payloads[i].size());
    CHECK(test::first_difference((*rows)[i].payload, payloads[i])
          == std::string::npos);
  }
}

TEST_CASE_FIXTURE(push_store, "a push id stored twice for a user is a "
                              "conflict") {
  auto again = db->push_store(alice, {base + 3, "another payload"});
  CHECK(outcome(again) == "conflict");
  CHECK(db->connected());
  auto rows = db->pushes_after(alice, base + 2, 1);
  REQUIRE(outcome(rows) == "ok");
  REQUIRE(rows->size() == 1);
  CHECK((*rows)[0].payload == push(3).payload);
  CHECK(after(alice, 0, 100) == at({1, 2, 3, 4, 5, 6}));
}

// -- push_delete --------------------------------------------------------------

TEST_CASE_FIXTURE(push_store, "push_delete removes several pushes at once") {
  REQUIRE(outcome(db->push_delete(alice, {base + 2, base + 4, base + 99}))
          == "ok");
  auto rows = db->pushes_after(alice, 0, 100);
  REQUIRE(rows);
  for (auto& p : *rows) {
    CHECK(p.push_id != base + 2);
    CHECK(p.push_id != base + 4);
  }
  CHECK(outcome(db->push_delete(alice, {})) == "ok");
}

TEST_CASE_FIXTURE(push_store, "push_delete removes exactly one push") {
  REQUIRE(outcome(db->push_delete(alice, {base + 3})) == "ok");
  CHECK(after(alice, 0, 100) == at({1, 2, 4, 5, 6}));
  // bob's push with the same id stays.
  CHECK(after(bob, 0, 100) == at({0, 3, 200, 350}));
  REQUIRE(outcome(db->push_delete(alice, {base + 1})) == "ok");
  REQUIRE(outcome(db->push_delete(alice, {base + 6})) == "ok");
  CHECK(after(alice, 0, 100) == at({2, 4, 5}));
  // A deleted push can be stored again.
  store(alice, push(3));
  CHECK(after(alice, 0, 100) == at({2, 3, 4, 5}));
}

TEST_CASE_FIXTURE(push_store, "deleting a missing push is fine") {
  CHECK(outcome(db->push_delete(alice, {base + 3})) == "ok");
  CHECK(outcome(db->push_delete(alice, {base + 3})) == "ok");
  CHECK(outcome(db->push_delete(alice, {base + 99})) == "ok");
  // bob's push is not alice's to delete.
  CHECK(outcome(db->push_delete(alice, {base + 200})) == "ok");
  CHECK(after(bob, 0, 100) == at({0, 3, 200, 350}));
  CHECK(after(alice, 0, 100) == at({1, 2, 4, 5, 6}));
  CHECK(db->connected());
}

// -- largest_issued_id --------------------------------------------------------

TEST_CASE_FIXTURE(open_store, "largest_issued_id is 0 on an empty store") {
  auto largest = db->largest_issued_id();
  REQUIRE(outcome(largest) == "ok");
  CHECK(*largest == 0);
  // Users and friend requests have ids of their own that do not count.
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  REQUIRE(outcome(db->friend_request_create(alice, bob, "", 1)) == "ok");
  largest = db->largest_issued_id();
  REQUIRE(outcome(largest) == "ok");
  CHECK(*largest == 0);
}

TEST_CASE_FIXTURE(open_store, "largest_issued_id is the largest message or "
                              "push id") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto largest = [&] {
    auto r = db->largest_issued_id();
    INFO(db->last_error());
    REQUIRE(outcome(r) == "ok");
    return *r;
  };
  SUBCASE("messages only") {
    store_message(message(base + 5, alice, bob));
    store_message(message(base + 9, bob, alice));
    store_message(message(base + 7, alice, bob));
    CHECK(largest() == base + 9);
  }
  SUBCASE("pushes only") {
    REQUIRE(outcome(db->push_store(bob, {base + 8, "p"})) == "ok");
    REQUIRE(outcome(db->push_store(alice, {base + 4, "p"})) == "ok");
    CHECK(largest() == base + 8);
  }
  SUBCASE("a message beyond every push") {
    REQUIRE(outcome(db->push_store(bob, {base + 8, "p"})) == "ok");
    store_message(message(base + 10, alice, bob));
    store_message(message(base + 2, alice, bob));
    CHECK(largest() == base + 10);
  }
  SUBCASE("a push beyond every message") {
    store_message(message(base + 10, alice, bob));
    REQUIRE(outcome(db->push_store(alice, {base + 12, "p"})) == "ok");
    REQUIRE(outcome(db->push_store(bob, {base + 11, "p"})) == "ok");
    CHECK(largest() == base + 12);
  }
  SUBCASE("ids near 2^53") {
    constexpr auto top = protocol::max_id;
    store_message(message(top - 1, alice, bob));
    REQUIRE(outcome(db->push_store(alice, {top, "p"})) == "ok");
    CHECK(largest() == top);
  }
}
