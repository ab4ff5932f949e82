// The rules of sending and reading messages, on both backends.

#include "domain/messages.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "domain/files.hpp"
#include "domain/groups.hpp"
#include "tests/domain/domain_fixture.hpp"

using namespace troupe;
using troupe::test::domain_store;
using troupe::test::ids_of;
using troupe::test::outcome;

namespace {

/// alice and bob are friends; carol is a stranger to both.
struct friends_store : domain_store {
  friends_store() {
    alice = add_user("alice");
    bob = add_user("bob");
    carol = add_user("carol");
    befriend(alice, bob);
  }

  /// alice sends `body` to `to` with request id `client_id`.
  domain::result<domain::sent_message>
  send(const std::string& to, const std::string& client_id,
       const std::string& body = "hi",
       protocol::message_kind kind = protocol::message_kind::text) {
    protocol::send_command cmd;
    cmd.to = to;
    cmd.kind = kind;
    cmd.body = body;
    return domain::send_message(*db, ids, now, alice, "alice", client_id, cmd);
  }

  /// Stores a file of `uploader` and returns its id as a message body.
  std::string file_of(protocol::user_id uploader) {
    auto stored
      = domain::store_file(*db, ids, now, uploader, "text/plain", "bytes", 0);
    REQUIRE(outcome(stored) == "ok");
    return std::to_string(stored->file_id);
  }

  /// Returns whether `uid` may read the file `body` names.
  bool may_read(protocol::user_id uid, const std::string& body) {
    auto readable = db->file_readable(std::stoll(body), uid);
    REQUIRE(outcome(readable) == "ok");
    return *readable;
  }

  protocol::user_id alice = 0;
  protocol::user_id bob = 0;
  protocol::user_id carol = 0;
};

} // namespace

// -- send_message -------------------------------------------------------------

TEST_CASE_FIXTURE(friends_store, "send_message stores the message and its "
                                 "push for the recipient") {
  auto sent = send("bob", "r1", "hello bob");
  REQUIRE(outcome(sent) == "ok");
  CHECK_FALSE(sent->repeated);
  CHECK(sent->msg_id > 0);
  CHECK(sent->ts == now);
  CHECK(sent->recipient == bob);
  CHECK(sent->push.push_id == sent->msg_id);
  auto pushes = pushes_of(bob);
  REQUIRE(pushes.size() == 1);
  CHECK(pushes[0]["type"] == "message");
  CHECK(pushes[0]["id"] == sent->msg_id);
  CHECK(pushes[0]["from"] == "alice");
  CHECK(pushes[0]["to"] == "bob");
  CHECK(pushes[0]["body"] == "hello bob");
  CHECK(pushes[0]["ts"] == now);
  auto history = domain::load_history(*db, bob, "alice", 0, 0, 10);
  REQUIRE(outcome(history) == "ok");
  CHECK(ids_of(*history) == std::vector<std::int64_t>{sent->msg_id});
}

TEST_CASE_FIXTURE(friends_store, "send_message refuses an unknown user and "
                                 "a stranger") {
  CHECK(outcome(send("nobody", "r1")) == "no_such_user");
  CHECK(outcome(send("carol", "r2")) == "not_friends");
  CHECK(pushes_of(carol).empty());
}

TEST_CASE_FIXTURE(friends_store, "a repeated request id answers the first "
                                 "message and stores nothing more") {
  auto first = send("bob", "r1", "once");
  REQUIRE(outcome(first) == "ok");
  auto again = send("bob", "r1", "twice?");
  REQUIRE(outcome(again) == "ok");
  CHECK(again->repeated);
  CHECK(again->msg_id == first->msg_id);
  CHECK(again->ts == first->ts);
  CHECK(again->recipient == bob);
  CHECK(pushes_of(bob).size() == 1);
  // The friendship ended since: the repeat still gets its first answer.
  REQUIRE(outcome(db->friendship_delete(alice, bob)) == "ok");
  auto late = send("bob", "r1", "once");
  REQUIRE(outcome(late) == "ok");
  CHECK(late->repeated);
  CHECK(late->msg_id == first->msg_id);
  // A new request id to a former friend is refused.
  CHECK(outcome(send("bob", "r2")) == "not_friends");
}

TEST_CASE_FIXTURE(friends_store, "a file message needs a file the sender "
                                 "may read, and lets the recipient read it") {
  auto files = protocol::message_kind::file;
  CHECK(outcome(send("bob", "r1", "12345", files)) == "no_such_file");
  auto carols = file_of(carol);
  CHECK(outcome(send("bob", "r2", carols, files)) == "no_such_file");
  CHECK_FALSE(may_read(bob, carols));
  CHECK(pushes_of(bob).empty());
  auto mine = file_of(alice);
  CHECK_FALSE(may_read(bob, mine));
  REQUIRE(outcome(send("bob", "r3", mine, files)) == "ok");
  CHECK(may_read(bob, mine));
  CHECK_FALSE(may_read(carol, mine));
}

// -- find_sent ----------------------------------------------------------------

TEST_CASE_FIXTURE(friends_store, "find_sent answers the message a request "
                                 "id stored, internal when none") {
  CHECK(outcome(domain::find_sent(*db, alice, "r1")) == "internal");
  auto sent = send("bob", "r1");
  REQUIRE(outcome(sent) == "ok");
  auto found = domain::find_sent(*db, alice, "r1");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->repeated);
  CHECK(found->msg_id == sent->msg_id);
  CHECK(found->ts == now);
  CHECK(found->recipient == bob);
  // Request ids are the sender's own.
  CHECK(outcome(domain::find_sent(*db, bob, "r1")) == "internal");
}

// -- load_history -------------------------------------------------------------

TEST_CASE_FIXTURE(friends_store, "load_history reads a friend's or a former "
                                 "friend's conversation, not a stranger's") {
  CHECK(outcome(domain::load_history(*db, alice, "carol", 0, 0, 10))
        == "not_friends");
  CHECK(outcome(domain::load_history(*db, alice, "nobody", 0, 0, 10))
        == "not_friends");
  // Friends who never talked: an empty history.
  auto empty = domain::load_history(*db, alice, "bob", 0, 0, 10);
  REQUIRE(outcome(empty) == "ok");
  CHECK(empty->empty());
  auto first = send("bob", "r1");
  auto second = send("bob", "r2");
  REQUIRE(outcome(second) == "ok");
  REQUIRE(outcome(db->friendship_delete(alice, bob)) == "ok");
  auto kept = domain::load_history(*db, bob, "alice", 0, 0, 10);
  REQUIRE(outcome(kept) == "ok");
  CHECK(ids_of(*kept)
        == std::vector<std::int64_t>{first->msg_id, second->msg_id});
  auto page = domain::load_history(*db, bob, "alice", 0, first->msg_id, 10);
  REQUIRE(outcome(page) == "ok");
  CHECK(ids_of(*page) == std::vector<std::int64_t>{second->msg_id});
}

// -- group messages -----------------------------------------------------------

TEST_CASE_FIXTURE(friends_store, "send_group_message stores one message, "
                                 "answers a repeat with it, and shares files "
                                 "with the members") {
  auto group = domain::create_group(*db, ids, now, alice, "climbers");
  REQUIRE(outcome(group) == "ok");
  auto held = claim(*group);
  REQUIRE(outcome(domain::add_group_member(*db, ids, now, held, "carol",
                                           protocol::group_state::normal))
          == "ok");
  protocol::group_send_command cmd;
  cmd.group_id = *group;
  cmd.body = "hello all";
  auto sent = domain::send_group_message(*db, ids, now, held, alice, "alice",
                                         "g1", cmd);
  REQUIRE(outcome(sent) == "ok");
  CHECK_FALSE(sent->repeated);
  CHECK(sent->ts == now);
  CHECK(sent->recipient == 0);
  CHECK(sent->push.group_id == *group);
  auto push = nlohmann::json::parse(sent->push.payload);
  CHECK(push["type"] == "message");
  CHECK(push["group_id"] == *group);
  CHECK(push["body"] == "hello all");
  auto again = domain::send_group_message(*db, ids, now, held, alice, "alice",
                                          "g1", cmd);
  REQUIRE(outcome(again) == "ok");
  CHECK(again->repeated);
  CHECK(again->msg_id == sent->msg_id);
  auto history = domain::load_group_history(*db, *group, 0, 0, 10);
  REQUIRE(outcome(history) == "ok");
  CHECK(ids_of(*history) == std::vector<std::int64_t>{sent->msg_id});
  // Files: only one the sender may read, then readable by the members.
  cmd.kind = protocol::message_kind::file;
  cmd.body = file_of(bob);
  CHECK(outcome(domain::send_group_message(*db, ids, now, held, alice, "alice",
                                           "g2", cmd))
        == "no_such_file");
  cmd.body = file_of(alice);
  CHECK_FALSE(may_read(carol, cmd.body));
  REQUIRE(outcome(domain::send_group_message(*db, ids, now, held, alice,
                                             "alice", "g3", cmd))
          == "ok");
  CHECK(may_read(carol, cmd.body));
  CHECK_FALSE(may_read(bob, cmd.body));
}
