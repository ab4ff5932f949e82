// What a persistence worker's batch transaction relies on: its writes are
// read back inside it, kept by commit and dropped by rollback, a repeated
// request id is refused at the latest at commit, and contacts read ahead
// answer like single lookups. On MariaDB the adapter holds message, push
// and ack rows back and sends them together, and reads a batch's contacts
// in one query; on SQLite it writes at once. Both must behave the same.

#include "storage/adapter.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/storage/store_fixture.hpp"

using namespace troupe;
using troupe::test::at;
using troupe::test::base;
using troupe::test::message;
using troupe::test::open_store;
using troupe::test::outcome;
using troupe::test::some_ms;

namespace {

using ids = std::vector<std::int64_t>;

/// Text that breaks naive quoting: quotes, backslashes, SOCI-style `:name`
/// placeholders, SQL comment starts, and non-ASCII.
const std::string awkward
  = "it's \"quoted\" '' \\' back\\slash \\0 :name "
    "-- not a comment /* nor this */ "
    "n\u00e9 \xF0\x9F\x98\x80 '); DROP TABLE pushes; --";

storage::stored_push push(std::int64_t id, const std::string& text = "p") {
  return {id, R"({"push":"message","id":)" + std::to_string(id) + R"(,"body":")"
                + text + R"("})"};
}

struct two_users : open_store {
  two_users() {
    alice = add_user("alice");
    bob = add_user("bob");
    befriend(alice, bob);
  }

  ids pushes_of(protocol::user_id uid) {
    auto rows = db->pushes_after(uid, 0, 100000);
    INFO(db->last_error());
    REQUIRE(outcome(rows) == "ok");
    ids out;
    for (auto& p : *rows)
      out.push_back(p.push_id);
    return out;
  }

  protocol::user_id alice = 0;
  protocol::user_id bob = 0;
};

} // namespace

TEST_CASE_FIXTURE(two_users, "a transaction reads its own messages and "
                             "pushes, and commit keeps them") {
  begin();
  store_message(message(base + 1, alice, bob, "one", some_ms));
  REQUIRE(outcome(db->push_store(bob, push(base + 1))) == "ok");
  store_message(message(base + 2, bob, alice, "two", some_ms + 1));
  REQUIRE(outcome(db->push_store(alice, push(base + 2))) == "ok");
  // Read back inside the transaction, by every kind of read.
  CHECK(pushes_of(bob) == ids{base + 1});
  auto found
    = db->message_by_client_id(alice, "req-" + std::to_string(base + 1));
  REQUIRE(outcome(found) == "ok");
  CHECK(found->body == "one");
  store_message(message(base + 3, alice, bob, "three", some_ms + 2));
  auto talk = db->conversation(alice, bob, 0, 0, 10);
  REQUIRE(outcome(talk) == "ok");
  CHECK(talk->size() == 3);
  auto largest = db->largest_issued_id();
  REQUIRE(outcome(largest) == "ok");
  CHECK(*largest == base + 3);
  commit();
  CHECK(pushes_of(bob) == ids{base + 1});
  CHECK(pushes_of(alice) == ids{base + 2});
  auto after = db->conversation(alice, bob, 0, 0, 10);
  REQUIRE(outcome(after) == "ok");
  CHECK(after->size() == 3);
}

TEST_CASE_FIXTURE(two_users, "a rollback drops the messages, pushes and "
                             "deletes of its transaction") {
  REQUIRE(outcome(db->push_store(bob, push(base + 1))) == "ok");
  begin();
  store_message(message(base + 2, alice, bob, "gone", some_ms));
  REQUIRE(outcome(db->push_store(bob, push(base + 2))) == "ok");
  REQUIRE(outcome(db->push_delete(bob, {base + 1})) == "ok");
  db->rollback();
  CHECK(pushes_of(bob) == ids{base + 1});
  auto exists = db->conversation_exists(alice, bob);
  REQUIRE(outcome(exists) == "ok");
  CHECK_FALSE(*exists);
  // The adapter goes on as before.
  begin();
  store_message(message(base + 3, alice, bob, "kept", some_ms + 1));
  commit();
  auto talk = db->conversation(alice, bob, 0, 0, 10);
  REQUIRE(outcome(talk) == "ok");
  REQUIRE(talk->size() == 1);
  CHECK(talk->front().body == "kept");
}

TEST_CASE_FIXTURE(two_users, "a repeated request id is a conflict, at the "
                             "latest at commit, and the first message stays") {
  auto first = message(base + 1, alice, bob, "first", some_ms);
  first.client_id = "r1";
  store_message(first);
  begin();
  auto again = message(base + 2, alice, bob, "again", some_ms + 1);
  again.client_id = "r1";
  auto stored = db->message_store(again);
  // Written at once, the store refuses it here; held back, at commit.
  auto refused = !stored ? stored.error() : db->commit().error();
  CHECK(refused == storage::errc::conflict);
  db->rollback();
  CHECK(db->connected());
  auto found = db->message_by_client_id(alice, "r1");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->msg_id == base + 1);
  auto largest = db->largest_issued_id();
  REQUIRE(outcome(largest) == "ok");
  CHECK(*largest == base + 1);
}

TEST_CASE_FIXTURE(two_users, "with writes not held back, a repeated request "
                             "id is refused by the write itself") {
  auto first = message(base + 1, alice, bob, "first", some_ms);
  first.client_id = "r1";
  store_message(first);
  db->hold_back_writes(false);
  begin();
  auto again = message(base + 2, alice, bob, "again", some_ms + 1);
  again.client_id = "r1";
  CHECK(outcome(db->message_store(again)) == "conflict");
  // The transaction goes on: the other writes of the batch still commit.
  store_message(message(base + 3, bob, alice, "other", some_ms + 2));
  commit();
  db->hold_back_writes(true);
  auto talk = db->conversation(alice, bob, 0, 0, 10);
  REQUIRE(outcome(talk) == "ok");
  CHECK(talk->size() == 2);
}

TEST_CASE_FIXTURE(two_users, "acked pushes of several users are deleted "
                             "together at commit") {
  auto carol = add_user("carol");
  for (std::int64_t k = 1; k <= 6; ++k) {
    REQUIRE(outcome(db->push_store(bob, push(base + k))) == "ok");
    REQUIRE(outcome(db->push_store(carol, push(base + 10 + k))) == "ok");
  }
  begin();
  REQUIRE(outcome(db->push_delete(bob, {base + 1, base + 3})) == "ok");
  REQUIRE(outcome(db->push_delete(carol, {base + 12, base + 16})) == "ok");
  // Another user's id in the list deletes nothing of theirs.
  REQUIRE(outcome(db->push_delete(bob, {base + 11, base + 5})) == "ok");
  CHECK(pushes_of(bob) == ids{base + 2, base + 4, base + 6});
  commit();
  CHECK(pushes_of(bob) == ids{base + 2, base + 4, base + 6});
  CHECK(pushes_of(carol) == ids{base + 11, base + 13, base + 14, base + 15});
}

TEST_CASE_FIXTURE(two_users, "a push stored and deleted in one batch is "
                             "gone at commit") {
  REQUIRE(outcome(db->push_store(bob, push(base + 1))) == "ok");
  begin();
  REQUIRE(outcome(db->push_store(bob, push(base + 2))) == "ok");
  REQUIRE(outcome(db->push_store(bob, push(base + 3))) == "ok");
  REQUIRE(outcome(db->push_store(alice, push(base + 2))) == "ok");
  REQUIRE(outcome(db->push_delete(bob, {base + 1, base + 2})) == "ok");
  commit();
  CHECK(pushes_of(bob) == ids{base + 3});
  CHECK(pushes_of(alice) == ids{base + 2});
}

TEST_CASE_FIXTURE(two_users, "awkward text round-trips through a batch") {
  begin();
  auto m = message(base + 1, alice, bob, awkward, some_ms);
  m.client_id = awkward;
  store_message(m);
  REQUIRE(outcome(db->push_store(bob, push(base + 1, awkward))) == "ok");
  commit();
  auto found = db->message_by_client_id(alice, awkward);
  REQUIRE(outcome(found) == "ok");
  CHECK(found->body == awkward);
  auto rows = db->pushes_after(bob, 0, 10);
  REQUIRE(outcome(rows) == "ok");
  REQUIRE(rows->size() == 1);
  CHECK(rows->front().payload == push(base + 1, awkward).payload);
}

TEST_CASE_FIXTURE(two_users, "a batch larger than one statement may carry "
                             "is stored whole") {
  // 3,000 pushes of 1 KiB: several statements' worth on MariaDB.
  const std::string filler(1024, 'x');
  begin();
  for (std::int64_t k = 1; k <= 3000; ++k) {
    auto stored = db->push_store(bob, push(base + k, filler));
    REQUIRE(outcome(stored) == "ok");
  }
  commit();
  auto held = pushes_of(bob);
  REQUIRE(held.size() == 3000);
  CHECK(held.front() == base + 1);
  CHECK(held.back() == base + 3000);
}

TEST_CASE_FIXTURE(two_users, "contacts read ahead answer like single lookups "
                             "and follow friendship changes") {
  auto carol = add_user("carol");
  begin();
  std::vector<storage::contact_query> wanted{
    {alice, "bob"}, {carol, "bob"}, {alice, "nobody"}, {alice, "carol"}};
  REQUIRE(outcome(db->contacts_prefetch(wanted)) == "ok");
  auto bob_for_alice = db->contact_by_name(alice, "bob");
  REQUIRE(outcome(bob_for_alice) == "ok");
  CHECK(bob_for_alice->uid == bob);
  CHECK(bob_for_alice->username == "bob");
  CHECK(bob_for_alice->is_friend);
  auto bob_for_carol = db->contact_by_name(carol, "bob");
  REQUIRE(outcome(bob_for_carol) == "ok");
  CHECK_FALSE(bob_for_carol->is_friend);
  CHECK(outcome(db->contact_by_name(alice, "nobody")) == "not_found");
  auto carol_for_alice = db->contact_by_name(alice, "carol");
  REQUIRE(outcome(carol_for_alice) == "ok");
  CHECK_FALSE(carol_for_alice->is_friend);
  // Friendships changed later in the transaction show at once.
  REQUIRE(outcome(db->friendship_delete(alice, bob)) == "ok");
  REQUIRE(outcome(db->friendship_create(alice, carol, some_ms)) == "ok");
  auto bob_now = db->contact_by_name(alice, "bob");
  REQUIRE(outcome(bob_now) == "ok");
  CHECK_FALSE(bob_now->is_friend);
  auto carol_now = db->contact_by_name(alice, "carol");
  REQUIRE(outcome(carol_now) == "ok");
  CHECK(carol_now->is_friend);
  commit();
}

TEST_CASE_FIXTURE(two_users, "contacts read ahead are forgotten at commit") {
  begin();
  REQUIRE(outcome(db->contacts_prefetch({{alice, "bob"}})) == "ok");
  commit();
  // Another connection ends the friendship; the next transaction sees it.
  auto other = storage::make_adapter(store.settings);
  REQUIRE(outcome(other->open()) == "ok");
  REQUIRE(outcome(other->friendship_delete(alice, bob)) == "ok");
  begin();
  auto bob_now = db->contact_by_name(alice, "bob");
  REQUIRE(outcome(bob_now) == "ok");
  CHECK_FALSE(bob_now->is_friend);
  commit();
}
