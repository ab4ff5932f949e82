// Friend requests, answers and removals over real sockets: every command,
// every error code, every push, online and offline.

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;

TEST_CASE("a friend request is pushed, accepted and both become friends") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  auto sent = ok_data(alice.call(
    "friend_request", {{"username", "bob"}, {"note", "hi, it's me"}}));
  CHECK(sent["request_id"].get<std::int64_t>() > 0);
  CHECK(!sent.contains("accepted"));
  auto push = bob.next_push("friend_request");
  CHECK(push["request_id"] == sent["request_id"]);
  CHECK(push["from"] == "alice");
  CHECK(push["note"] == "hi, it's me");
  CHECK(push["id"].get<std::int64_t>() > 0);
  CHECK(push["ts"].get<std::int64_t>() > 0);
  bob.ack(push);
  auto requests = ok_data(bob.call("friend_requests"));
  REQUIRE(requests["incoming"].size() == 1);
  CHECK(requests["incoming"][0]["username"] == "alice");
  CHECK(requests["incoming"][0]["note"] == "hi, it's me");
  CHECK(requests["outgoing"].empty());
  CHECK(ok_data(alice.call("friend_requests"))["outgoing"][0]["username"]
        == "bob");
  ok_data(bob.call("friend_respond",
                   {{"request_id", sent["request_id"]}, {"accept", true}}));
  auto update = alice.next_push("friend_update");
  CHECK(update["username"] == "bob");
  CHECK(update["change"] == "accepted");
  alice.ack(update);
  CHECK(ok_data(alice.call("friends"))["friends"][0]["username"] == "bob");
  CHECK(ok_data(bob.call("friends"))["friends"][0]["username"] == "alice");
  CHECK(ok_data(bob.call("friend_requests"))["incoming"].empty());
}

TEST_CASE("asking someone who asked you accepts their request") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  auto first = ok_data(alice.call("friend_request", {{"username", "bob"}}));
  bob.ack(bob.next_push("friend_request"));
  auto second = ok_data(bob.call("friend_request", {{"username", "alice"}}));
  CHECK(second["request_id"] == first["request_id"]);
  CHECK(second["accepted"] == true);
  auto update = alice.next_push("friend_update");
  CHECK(update["change"] == "accepted");
  CHECK(update["username"] == "bob");
  CHECK(ok_data(alice.call("friends"))["friends"].size() == 1);
}

TEST_CASE("a rejected request tells the asker and makes no friends") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  auto sent = ok_data(alice.call("friend_request", {{"username", "bob"}}));
  bob.ack(bob.next_push("friend_request"));
  ok_data(bob.call("friend_respond",
                   {{"request_id", sent["request_id"]}, {"accept", false}}));
  auto update = alice.next_push("friend_update");
  CHECK(update["change"] == "rejected");
  CHECK(ok_data(alice.call("friends"))["friends"].empty());
  // The request is gone; asking again is allowed.
  CHECK(
    error_code_of(bob.call(
      "friend_respond", {{"request_id", sent["request_id"]}, {"accept", true}}))
    == "no_such_request");
  ok_data(alice.call("friend_request", {{"username", "bob"}}));
}

TEST_CASE("friend commands answer their error codes") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  auto carol = logged_in(node.port(), "carol");
  auto code = [](ws_client& c, const std::string& type, json params) {
    return error_code_of(c.call(type, std::move(params)));
  };
  CHECK(code(alice, "friend_request", {{"username", "nobody"}})
        == "no_such_user");
  CHECK(code(alice, "friend_request", {{"username", "alice"}})
        == "cannot_friend_self");
  auto sent = ok_data(alice.call("friend_request", {{"username", "bob"}}));
  CHECK(code(alice, "friend_request", {{"username", "bob"}})
        == "already_requested");
  // A request not addressed to you, and one that does not exist.
  CHECK(code(carol, "friend_respond",
             {{"request_id", sent["request_id"]}, {"accept", true}})
        == "no_such_request");
  CHECK(code(bob, "friend_respond", {{"request_id", 999999}, {"accept", true}})
        == "no_such_request");
  ok_data(bob.call("friend_respond",
                   {{"request_id", sent["request_id"]}, {"accept", true}}));
  CHECK(code(alice, "friend_request", {{"username", "bob"}})
        == "already_friends");
  CHECK(code(alice, "friend_remove", {{"username", "carol"}}) == "not_friends");
  CHECK(code(alice, "friend_remove", {{"username", "nobody"}})
        == "not_friends");
  CHECK(code(alice, "friend_respond", {{"request_id", "x"}, {"accept", true}})
        == "bad_request");
}

TEST_CASE("removing a friend tells them and ends the friendship both ways") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  make_friends(alice, "alice", bob, "bob");
  ok_data(alice.call("friend_remove", {{"username", "bob"}}));
  auto update = bob.next_push("friend_update");
  CHECK(update["change"] == "removed");
  CHECK(update["username"] == "alice");
  CHECK(ok_data(bob.call("friends"))["friends"].empty());
  CHECK(error_code_of(bob.call("friend_remove", {{"username", "alice"}}))
        == "not_friends");
}

TEST_CASE("friend pushes for an offline user come at their next login") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  {
    ws_client bob{node.port()};
    register_user(bob, "bob");
  }
  auto sent = ok_data(
    alice.call("friend_request", {{"username", "bob"}, {"note", "later"}}));
  ws_client bob{node.port()};
  ok_data(bob.login("bob", "correct horse"));
  auto push = bob.next_push("friend_request");
  CHECK(push["request_id"] == sent["request_id"]);
  CHECK(push["note"] == "later");
}

TEST_CASE("friends are ordered by last message, then by name, with online "
          "flags") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto zed = logged_in(node.port(), "zed");
  auto bob = logged_in(node.port(), "bob");
  auto carl = logged_in(node.port(), "carl");
  make_friends(alice, "alice", zed, "zed");
  make_friends(alice, "alice", bob, "bob");
  make_friends(alice, "alice", carl, "carl");
  send_text(alice, "zed", "you first");
  carl.drop();
  auto friends = ok_data(alice.call("friends"))["friends"];
  REQUIRE(friends.size() == 3);
  CHECK(friends[0]["username"] == "zed");
  CHECK(friends[0]["last_message_at"].get<std::int64_t>() > 0);
  CHECK(friends[1]["username"] == "bob");
  CHECK(friends[1]["last_message_at"] == 0);
  CHECK(friends[2]["username"] == "carl");
  CHECK(friends[0]["online"] == true);
  CHECK(friends[1]["online"] == true);
  for (auto& f : friends) {
    CHECK(f["user_id"].get<std::int64_t>() > 0);
    CHECK(f.contains("nickname"));
    CHECK(!f.contains("ip"));
    CHECK(!f.contains("port"));
  }
}

TEST_CASE("friends shows addresses when presence.share_address is on") {
  node_process node{{"--presence.share_address=true"}};
  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  make_friends(alice, "alice", bob, "bob");
  auto friends = ok_data(alice.call("friends"))["friends"];
  REQUIRE(friends.size() == 1);
  CHECK(friends[0]["ip"] == "127.0.0.1");
  CHECK(friends[0]["port"].get<int>() > 0);
}
