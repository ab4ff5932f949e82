// What a persistence worker's batch transaction relies on: its writes are
// read back inside it, kept by commit and dropped by rollback, a repeated
// request id is refused by its write when it repeats one of the same
// transaction and at the latest at commit otherwise (and by its write when
// the transaction runs again), and contacts hinted at answer like single
// lookups. On MariaDB the adapter holds message, push and ack rows back and
// sends them together (storage/soci_held_writes.hpp), and reads a batch's
// hinted contacts in one query; on SQLite it writes at once. Both must
// behave the same.

#include "storage/adapter.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/storage/store_fixture.hpp"

using namespace troupe;
using troupe::test::at;
using troupe::test::base;
using troupe::test::ids_of;
using troupe::test::message;
using troupe::test::names_of;
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

TEST_CASE_FIXTURE(two_users, "run again after a conflict at commit, a "
                             "repeated request id is refused by the write "
                             "itself") {
  auto first = message(base + 1, alice, bob, "first", some_ms);
  first.client_id = "r1";
  store_message(first);
  auto again = message(base + 2, alice, bob, "again", some_ms + 1);
  again.client_id = "r1";
  begin();
  // Written at once, the store refuses the repeat here; held back, at
  // commit. Either way the transaction then runs again.
  if (db->message_store(again))
    CHECK(outcome(db->commit()) == "conflict");
  db->rollback();
  begin();
  CHECK(outcome(db->message_store(again)) == "conflict");
  // The transaction goes on: the other writes of the batch still commit.
  store_message(message(base + 3, bob, alice, "other", some_ms + 2));
  commit();
  auto talk = db->conversation(alice, bob, 0, 0, 10);
  REQUIRE(outcome(talk) == "ok");
  CHECK(talk->size() == 2);
}

TEST_CASE_FIXTURE(two_users, "a request id repeated within a transaction is "
                             "refused by the write itself, before and after "
                             "a read") {
  begin();
  auto first = message(base + 1, alice, bob, "first", some_ms);
  first.client_id = "r1";
  store_message(first);
  auto again = message(base + 2, alice, bob, "again", some_ms + 1);
  again.client_id = "r1";
  CHECK(outcome(db->message_store(again)) == "conflict");
  // The first answer is read back inside the transaction.
  auto found = db->message_by_client_id(alice, "r1");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->msg_id == base + 1);
  // Its row has reached the store by now; a repeat is still refused at once.
  again.msg_id = base + 3;
  CHECK(outcome(db->message_store(again)) == "conflict");
  // The same request id of another sender is no repeat.
  auto bobs = message(base + 4, bob, alice, "bob's", some_ms + 2);
  bobs.client_id = "r1";
  store_message(bobs);
  commit();
  auto talk = db->conversation(alice, bob, 0, 0, 10);
  REQUIRE(outcome(talk) == "ok");
  CHECK(ids_of(*talk) == ids{base + 1, base + 4});
}

TEST_CASE_FIXTURE(two_users, "a repeated request id a read meets inside the "
                             "transaction still fails the commit") {
  auto first = message(base + 1, alice, bob, "first", some_ms);
  first.client_id = "r1";
  store_message(first);
  begin();
  auto again = message(base + 2, alice, bob, "again", some_ms + 1);
  again.client_id = "r1";
  if (db->message_store(again)) {
    // Held back: the read sends the rows first and meets the repeat. The
    // call that stored it was answered as if it were new, so the
    // transaction must not commit as it ran.
    static_cast<void>(db->pushes_after(bob, 0, 10));
    CHECK(outcome(db->commit()) == "conflict");
  }
  db->rollback();
  auto talk = db->conversation(alice, bob, 0, 0, 10);
  REQUIRE(outcome(talk) == "ok");
  CHECK(ids_of(*talk) == ids{base + 1});
}

TEST_CASE_FIXTURE(two_users, "every read of messages and pushes sees the "
                             "transaction's writes") {
  auto carol = add_user("carol");
  befriend(alice, carol);
  storage::group_record climbers;
  climbers.group_id = base + 100;
  climbers.name = "climbers";
  climbers.created_at = some_ms;
  REQUIRE(outcome(db->group_create(climbers, alice)) == "ok");
  REQUIRE(outcome(db->group_member_add(
            climbers.group_id, bob, protocol::group_role::member, some_ms, 0))
          == "ok");
  begin();
  // carol's first message to alice: alice's friends list puts her first.
  store_message(message(base + 1, carol, alice, "hi alice", some_ms + 5));
  auto in_group = message(base + 2, alice, 0, "hi climbers", some_ms + 6);
  in_group.group_id = climbers.group_id;
  store_message(in_group);
  REQUIRE(outcome(db->push_store(bob, push(base + 3))) == "ok");
  // Each the first read after the writes: none finds them sent already.
  SUBCASE("conversation_exists") {
    auto exists = db->conversation_exists(alice, carol);
    REQUIRE(outcome(exists) == "ok");
    CHECK(*exists);
  }
  SUBCASE("conversation") {
    auto talk = db->conversation(alice, carol, 0, 0, 10);
    REQUIRE(outcome(talk) == "ok");
    CHECK(ids_of(*talk) == ids{base + 1});
  }
  SUBCASE("message_by_client_id") {
    auto found
      = db->message_by_client_id(carol, "req-" + std::to_string(base + 1));
    REQUIRE(outcome(found) == "ok");
    CHECK(found->msg_id == base + 1);
  }
  SUBCASE("friends_of") {
    auto friends = db->friends_of(alice, 0, 10);
    REQUIRE(outcome(friends) == "ok");
    CHECK(names_of(*friends) == std::vector<std::string>{"carol", "bob"});
  }
  SUBCASE("group_messages") {
    auto history = db->group_messages(climbers.group_id, 0, 0, 10);
    REQUIRE(outcome(history) == "ok");
    CHECK(ids_of(*history) == ids{base + 2});
  }
  SUBCASE("group_messages_pending") {
    auto backlog = db->group_messages_pending(bob, 0, 10);
    REQUIRE(outcome(backlog) == "ok");
    CHECK(ids_of(*backlog) == ids{base + 2});
  }
  SUBCASE("pushes_after") {
    CHECK(pushes_of(bob) == ids{base + 3});
  }
  SUBCASE("largest_issued_id") {
    auto largest = db->largest_issued_id();
    REQUIRE(outcome(largest) == "ok");
    CHECK(*largest == base + 3);
  }
  commit();
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
  REQUIRE(outcome(db->take_hint({wanted})) == "ok");
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
  REQUIRE(outcome(db->take_hint({{{alice, "bob"}}})) == "ok");
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
