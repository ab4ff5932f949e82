#include "storage/adapter.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/storage/store_fixture.hpp"

using namespace troupe;
using protocol::message_kind;
using troupe::test::at;
using troupe::test::base;
using troupe::test::ids_of;
using troupe::test::message;
using troupe::test::open_store;
using troupe::test::outcome;
using troupe::test::some_ms;

namespace {

using ids = std::vector<std::int64_t>;

/// alice and bob with ten messages, ids `base + 1` to `base + 10`, odd ones
/// from alice, even ones from bob; carol talks to both in between, so that
/// every page of alice and bob's conversation has foreign messages around it.
struct conversation_store : open_store {
  conversation_store() {
    alice = add_user("alice");
    bob = add_user("bob");
    carol = add_user("carol");
    for (std::int64_t k = 1; k <= 10; ++k) {
      auto from = k % 2 == 1 ? alice : bob;
      auto to = k % 2 == 1 ? bob : alice;
      store_message(message(base + k, from, to, "m" + std::to_string(k),
                            some_ms + k * 1000));
      store_message(message(base + 100 + k, carol, k % 2 ? alice : bob,
                            "from carol", some_ms + k * 1000 + 1));
    }
    // And a message before and after all of theirs, elsewhere.
    store_message(message(base, alice, carol, "early", some_ms));
    store_message(message(base + 1000, carol, bob, "late", some_ms + 99000));
  }

  /// Returns the ids `conversation(a, b, before, after, limit)` yields,
  /// requiring success.
  ids page(std::int64_t before, std::int64_t after, std::size_t limit) {
    auto rows = db->conversation(alice, bob, before, after, limit);
    INFO(db->last_error());
    REQUIRE(outcome(rows) == "ok");
    return ids_of(*rows);
  }

  protocol::user_id alice = 0;
  protocol::user_id bob = 0;
  protocol::user_id carol = 0;
};

} // namespace

// -- message_store and message_by_client_id -----------------------------------

TEST_CASE_FIXTURE(open_store, "message_by_client_id finds a stored message") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto m = message(base + 7, alice, bob, "hello bob", some_ms + 7);
  m.client_id = "42";
  store_message(m);
  auto found = db->message_by_client_id(alice, "42");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->msg_id == base + 7);
  CHECK(found->sender_id == alice);
  CHECK(found->recipient_id == bob);
  CHECK(found->kind == message_kind::text);
  CHECK(found->body == "hello bob");
  CHECK(found->ts == some_ms + 7);
  CHECK(found->client_id == "42");
}

TEST_CASE_FIXTURE(open_store, "message_by_client_id answers not_found for a "
                              "request id the sender never used") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  CHECK(outcome(db->message_by_client_id(alice, "1")) == "not_found");
  auto m = message(base + 1, alice, bob);
  m.client_id = "1";
  store_message(m);
  CHECK(outcome(db->message_by_client_id(alice, "2")) == "not_found");
  CHECK(outcome(db->message_by_client_id(alice, "1 ")) == "not_found");
  CHECK(outcome(db->message_by_client_id(alice, "")) == "not_found");
  // The recipient did not send it.
  CHECK(outcome(db->message_by_client_id(bob, "1")) == "not_found");
  CHECK(outcome(db->message_by_client_id(alice, "1")) == "ok");
}

TEST_CASE_FIXTURE(open_store, "a second message with the sender's request id "
                              "is a conflict") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto carol = add_user("carol");
  auto first = message(base + 1, alice, bob, "first", some_ms + 1);
  first.client_id = "r1";
  store_message(first);
  // Another id, another recipient, another body: the request id decides.
  auto second = message(base + 2, alice, carol, "second", some_ms + 2);
  second.client_id = "r1";
  CHECK(outcome(db->message_store(second)) == "conflict");
  CHECK(db->connected());
  auto found = db->message_by_client_id(alice, "r1");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->msg_id == base + 1);
  CHECK(found->recipient_id == bob);
  CHECK(found->body == "first");
  // The refused message is nowhere.
  auto exists = db->conversation_exists(alice, carol);
  REQUIRE(outcome(exists) == "ok");
  CHECK_FALSE(*exists);
  auto largest = db->largest_issued_id();
  REQUIRE(outcome(largest) == "ok");
  CHECK(*largest == base + 1);
}

TEST_CASE_FIXTURE(open_store, "another sender may use the same request id") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto from_alice = message(base + 1, alice, bob, "from alice");
  from_alice.client_id = "same";
  store_message(from_alice);
  auto from_bob = message(base + 2, bob, alice, "from bob");
  from_bob.client_id = "same";
  store_message(from_bob);
  auto a = db->message_by_client_id(alice, "same");
  REQUIRE(outcome(a) == "ok");
  CHECK(a->msg_id == base + 1);
  CHECK(a->body == "from alice");
  auto b = db->message_by_client_id(bob, "same");
  REQUIRE(outcome(b) == "ok");
  CHECK(b->msg_id == base + 2);
  CHECK(b->body == "from bob");
}

TEST_CASE_FIXTURE(open_store, "a message id that is taken is a conflict") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  store_message(message(base + 1, alice, bob, "first"));
  auto clash = message(base + 1, bob, alice, "second");
  clash.client_id = "other";
  CHECK(outcome(db->message_store(clash)) == "conflict");
  CHECK(outcome(db->message_by_client_id(bob, "other")) == "not_found");
}

TEST_CASE_FIXTURE(open_store, "every message kind round-trips") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  const message_kind kinds[]{message_kind::text, message_kind::image,
                             message_kind::file};
  std::int64_t k = 0;
  for (auto kind : kinds) {
    CAPTURE(protocol::to_string(kind));
    ++k;
    auto m = message(base + k, alice, bob, std::to_string(900 + k));
    m.kind = kind;
    store_message(m);
    auto found = db->message_by_client_id(alice, m.client_id);
    REQUIRE(outcome(found) == "ok");
    CHECK(found->kind == kind);
    CHECK(found->body == m.body);
  }
  auto rows = db->conversation(alice, bob, 0, 0, 10);
  REQUIRE(outcome(rows) == "ok");
  REQUIRE(rows->size() == 3);
  CHECK((*rows)[0].kind == message_kind::text);
  CHECK((*rows)[1].kind == message_kind::image);
  CHECK((*rows)[2].kind == message_kind::file);
}

TEST_CASE_FIXTURE(open_store, "awkward bodies and request ids round-trip "
                              "exactly") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  const std::vector<std::string> bodies{
    "it's \"quoted\" ''",
    "back\\slash \\' \\\\ \\n \\0 %s %d _ %",
    "two\nlines\r\n\ttabbed\n",
    "emoji \xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD and a ZWJ "
    "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB",
    "CJK \xE6\xBC\xA2\xE5\xAD\x97, RTL \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",
    "'); DROP TABLE messages; --",
    "   leading and trailing spaces   ",
    std::string(60000, 'x'),
  };
  std::int64_t k = 0;
  for (auto& body : bodies) {
    CAPTURE(body.substr(0, 60));
    auto m = message(base + ++k, alice, bob, body);
    m.client_id = "id " + body.substr(0, 100);
    store_message(m);
    auto found = db->message_by_client_id(alice, m.client_id);
    REQUIRE(outcome(found) == "ok");
    CHECK(found->msg_id == m.msg_id);
    CHECK(found->body == body);
  }
  auto rows = db->conversation(alice, bob, 0, 0, 100);
  REQUIRE(outcome(rows) == "ok");
  REQUIRE(rows->size() == bodies.size());
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    CAPTURE(i);
    CHECK((*rows)[i].body == bodies[i]);
  }
}

// -- conversation -------------------------------------------------------------

TEST_CASE_FIXTURE(open_store, "conversation rows carry ids, names, kind, "
                              "body and time") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  store_message(message(base + 1, alice, bob, "hi bob", some_ms + 1));
  auto reply = message(base + 2, bob, alice, "hi alice", some_ms + 2);
  reply.kind = message_kind::image;
  store_message(reply);
  auto rows = db->conversation(alice, bob, 0, 0, 10);
  REQUIRE(outcome(rows) == "ok");
  REQUIRE(rows->size() == 2);
  auto& first = (*rows)[0];
  CHECK(first.msg_id == base + 1);
  CHECK(first.sender_id == alice);
  CHECK(first.sender_name == "alice");
  CHECK(first.recipient_id == bob);
  CHECK(first.recipient_name == "bob");
  CHECK(first.kind == message_kind::text);
  CHECK(first.body == "hi bob");
  CHECK(first.ts == some_ms + 1);
  CHECK_FALSE(first.group_id.has_value());
  auto& second = (*rows)[1];
  CHECK(second.msg_id == base + 2);
  CHECK(second.sender_id == bob);
  CHECK(second.sender_name == "bob");
  CHECK(second.recipient_id == alice);
  CHECK(second.recipient_name == "alice");
  CHECK(second.kind == message_kind::image);
  CHECK(second.body == "hi alice");
  CHECK(second.ts == some_ms + 2);
}

TEST_CASE_FIXTURE(open_store, "conversation orders by id, not by the order "
                              "of storing") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  for (auto k : {5, 1, 4, 2, 3})
    store_message(message(base + k, k % 2 ? alice : bob, k % 2 ? bob : alice));
  auto rows = db->conversation(alice, bob, 0, 0, 10);
  REQUIRE(outcome(rows) == "ok");
  CHECK(ids_of(*rows) == at({1, 2, 3, 4, 5}));
  rows = db->conversation(alice, bob, 0, 0, 2);
  REQUIRE(outcome(rows) == "ok");
  CHECK(ids_of(*rows) == at({4, 5}));
  rows = db->conversation(alice, bob, 0, base + 1, 2);
  REQUIRE(outcome(rows) == "ok");
  CHECK(ids_of(*rows) == at({2, 3}));
}

TEST_CASE_FIXTURE(conversation_store, "conversation without bounds returns "
                                      "the newest messages, oldest first") {
  CHECK(page(0, 0, 3) == at({8, 9, 10}));
  CHECK(page(0, 0, 1) == at({10}));
  CHECK(page(0, 0, 10) == at({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  CHECK(page(0, 0, 1000) == at({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
}

TEST_CASE_FIXTURE(conversation_store, "conversation is the same from either "
                                      "side and holds both directions") {
  auto ab = db->conversation(alice, bob, 0, 0, 100);
  REQUIRE(outcome(ab) == "ok");
  auto ba = db->conversation(bob, alice, 0, 0, 100);
  REQUIRE(outcome(ba) == "ok");
  CHECK(ids_of(*ab) == at({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  CHECK(ids_of(*ba) == ids_of(*ab));
  for (auto& m : *ab) {
    CAPTURE(m.msg_id);
    auto from_alice = (m.msg_id - base) % 2 == 1;
    CHECK(m.sender_id == (from_alice ? alice : bob));
    CHECK(m.sender_name == (from_alice ? "alice" : "bob"));
    CHECK(m.recipient_id == (from_alice ? bob : alice));
    CHECK(m.recipient_name == (from_alice ? "bob" : "alice"));
    CHECK(m.body == "m" + std::to_string(m.msg_id - base));
    CHECK(m.ts == some_ms + (m.msg_id - base) * 1000);
  }
}

TEST_CASE_FIXTURE(conversation_store, "conversation never shows messages of "
                                      "other conversations") {
  auto ac = db->conversation(alice, carol, 0, 0, 100);
  REQUIRE(outcome(ac) == "ok");
  CHECK(ids_of(*ac) == at({0, 101, 103, 105, 107, 109}));
  auto cb = db->conversation(carol, bob, 0, 0, 100);
  REQUIRE(outcome(cb) == "ok");
  CHECK(ids_of(*cb) == at({102, 104, 106, 108, 110, 1000}));
  // A conversation with oneself or a stranger is empty.
  auto dave = add_user("dave");
  for (auto [x, y] : {std::pair{alice, dave}, std::pair{dave, bob},
                      std::pair{alice, alice}}) {
    auto none = db->conversation(x, y, 0, 0, 100);
    REQUIRE(outcome(none) == "ok");
    CHECK(none->empty());
  }
}

TEST_CASE_FIXTURE(conversation_store, "before is exclusive and pages "
                                      "backwards") {
  CHECK(page(base + 5, 0, 3) == at({2, 3, 4}));
  CHECK(page(base + 5, 0, 10) == at({1, 2, 3, 4}));
  CHECK(page(base + 2, 0, 10) == at({1}));
  CHECK(page(base + 1, 0, 10).empty());
  // A bound that is no message id works as well.
  CHECK(page(base + 50, 0, 2) == at({9, 10}));
  // Paging back from the newest page reaches the oldest message once.
  ids seen;
  std::int64_t before = 0;
  for (auto pages = 0; pages < 10; ++pages) {
    auto p = page(before, 0, 3);
    if (p.empty())
      break;
    seen.insert(seen.begin(), p.begin(), p.end());
    before = p.front();
  }
  CHECK(seen == at({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
}

TEST_CASE_FIXTURE(conversation_store, "after is exclusive and pages forward "
                                      "from the first message after it") {
  CHECK(page(0, base + 5, 3) == at({6, 7, 8}));
  CHECK(page(0, base + 5, 10) == at({6, 7, 8, 9, 10}));
  CHECK(page(0, base + 9, 10) == at({10}));
  CHECK(page(0, base + 10, 10).empty());
  CHECK(page(0, base + 1, 1) == at({2}));
  // A bound below every id pages from the oldest message.
  CHECK(page(0, 1, 2) == at({1, 2}));
  // Paging forward from the oldest reaches the newest message once.
  ids seen;
  std::int64_t after = 1;
  for (auto pages = 0; pages < 10; ++pages) {
    auto p = page(0, after, 3);
    if (p.empty())
      break;
    seen.insert(seen.end(), p.begin(), p.end());
    after = p.back();
  }
  CHECK(seen == at({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
}

TEST_CASE_FIXTURE(conversation_store, "both bounds return messages strictly "
                                      "between them") {
  CHECK(page(base + 7, base + 2, 100) == at({3, 4, 5, 6}));
  CHECK(page(base + 4, base + 2, 100) == at({3}));
  CHECK(page(base + 3, base + 2, 100).empty());
  CHECK(page(base + 2, base + 2, 100).empty());
  CHECK(page(base + 2, base + 7, 100).empty());
  // With more between them than the limit: the first ones after `after`.
  CHECK(page(base + 9, base + 2, 2) == at({3, 4}));
}

TEST_CASE_FIXTURE(open_store, "conversation is empty without messages") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto rows = db->conversation(alice, bob, 0, 0, 50);
  REQUIRE(outcome(rows) == "ok");
  CHECK(rows->empty());
  rows = db->conversation(alice, bob, base, base - 100, 50);
  REQUIRE(outcome(rows) == "ok");
  CHECK(rows->empty());
}

// -- conversation_exists ------------------------------------------------------

TEST_CASE_FIXTURE(open_store, "conversation_exists tells whether two users "
                              "exchanged a message") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto carol = add_user("carol");
  auto check = [&](protocol::user_id a, protocol::user_id b, bool expected) {
    for (auto [x, y] : {std::pair{a, b}, std::pair{b, a}}) {
      CAPTURE(x);
      CAPTURE(y);
      auto e = db->conversation_exists(x, y);
      REQUIRE(outcome(e) == "ok");
      CHECK(*e == expected);
    }
  };
  check(alice, bob, false);
  // Friendship alone is no conversation.
  befriend(alice, bob);
  check(alice, bob, false);
  store_message(message(base + 1, bob, alice));
  check(alice, bob, true);
  check(alice, carol, false);
  check(bob, carol, false);
  // Many messages still count as one conversation.
  for (std::int64_t k = 2; k < 6; ++k)
    store_message(message(base + k, alice, carol));
  check(alice, carol, true);
  check(bob, carol, false);
  // It outlives the friendship: history stays readable.
  REQUIRE(outcome(db->friendship_delete(alice, bob)) == "ok");
  check(alice, bob, true);
}
