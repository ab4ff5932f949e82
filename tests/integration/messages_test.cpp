// Private messages over real sockets: stored before ok, pushed with an id,
// resent until acknowledged, kept for offline users, idempotent by request
// id, and readable as history.

#include <algorithm>
#include <vector>

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;

namespace {

/// Two friends, alice and bob, logged in on `node`.
struct pair_of_friends {
  explicit pair_of_friends(const node_process& node)
    : alice(logged_in(node.port(), "alice")),
      bob(logged_in(node.port(), "bob")) {
    make_friends(alice, "alice", bob, "bob");
  }

  ws_client alice;
  ws_client bob;
};

} // namespace

TEST_CASE("a message is answered with its id and pushed to the recipient") {
  node_process node;
  pair_of_friends p{node};
  auto sent = send_text(p.alice, "bob", "hello, bob ✓");
  auto msg_id = sent["msg_id"].get<std::int64_t>();
  CHECK(msg_id > 0);
  CHECK(msg_id <= (std::int64_t{1} << 53) - 1);
  CHECK(sent["ts"].get<std::int64_t>() > 0);
  auto push = p.bob.next_push("message");
  CHECK(push
        == json{{"type", "message"},
                {"id", msg_id},
                {"msg_id", msg_id},
                {"from", "alice"},
                {"to", "bob"},
                {"kind", "text"},
                {"body", "hello, bob ✓"},
                {"ts", sent["ts"]}});
  p.bob.ack(push);
}

TEST_CASE("send answers its error codes") {
  node_process node;
  pair_of_friends p{node};
  auto carol = logged_in(node.port(), "carol");
  auto code = [](ws_client& c, json params) {
    return error_code_of(c.call("send", std::move(params)));
  };
  CHECK(code(p.alice, {{"to", "carol"}, {"kind", "text"}, {"body", "x"}})
        == "not_friends");
  CHECK(code(p.alice, {{"to", "nobody"}, {"kind", "text"}, {"body", "x"}})
        == "no_such_user");
  CHECK(code(p.alice, {{"to", "alice"}, {"kind", "text"}, {"body", "x"}})
        == "not_friends");
  CHECK(
    code(p.alice,
         {{"to", "bob"}, {"kind", "text"}, {"body", std::string(1024, 'x')}})
    == "too_long");
  CHECK(code(p.alice, {{"to", "bob"}, {"kind", "image"}, {"body", "12345"}})
        == "no_such_file");
  CHECK(code(p.alice, {{"to", "bob"}, {"kind", "video"}, {"body", "x"}})
        == "bad_request");
  // A text of exactly max_text_chars characters goes through.
  std::string longest;
  for (int i = 0; i < 1023; ++i)
    longest += "é";
  send_text(p.alice, "bob", longest);
}

TEST_CASE("one sender's messages arrive in the order they were answered") {
  node_process node;
  pair_of_friends p{node};
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 50; ++i)
    ids.push_back(send_text(p.alice, "bob", "m" + std::to_string(i))["msg_id"]);
  for (int i = 0; i < 50; ++i) {
    auto push = p.bob.next_push("message");
    CHECK(push["id"] == ids[static_cast<std::size_t>(i)]);
    CHECK(push["body"] == "m" + std::to_string(i));
    p.bob.ack(push);
  }
  // Message ids grow with time within a conversation.
  CHECK(std::is_sorted(ids.begin(), ids.end()));
}

TEST_CASE("messages for an offline user come after welcome at login, in "
          "order") {
  node_process node;
  std::vector<std::int64_t> ids;
  {
    pair_of_friends p{node};
    p.bob.call("logout");
    for (int i = 0; i < 20; ++i)
      ids.push_back(
        send_text(p.alice, "bob", "m" + std::to_string(i))["msg_id"]);
  }
  ws_client bob{node.port()};
  auto reply
    = bob.call("login", {{"username", "bob"}, {"password", "correct horse"}});
  ok_data(reply);
  CHECK(bob.next_push()["type"] == "welcome");
  for (int i = 0; i < 20; ++i) {
    auto push = bob.next_push("message");
    CHECK(push["id"] == ids[static_cast<std::size_t>(i)]);
    bob.ack(push);
  }
}

TEST_CASE("an unacknowledged message is sent again, and again at the next "
          "login") {
  node_process node{{"--delivery.resend_interval=300ms"}};
  std::int64_t msg_id = 0;
  {
    pair_of_friends p{node};
    msg_id = send_text(p.alice, "bob", "ack me")["msg_id"];
    auto first = p.bob.next_push("message");
    auto again = p.bob.next_push("message"); // not acked: it comes back
    CHECK(first["id"] == msg_id);
    CHECK(again == first);
  }
  ws_client bob{node.port()};
  ok_data(bob.login("bob", "correct horse"));
  auto after_login = bob.next_push("message");
  CHECK(after_login["id"] == msg_id);
  bob.ack(after_login);
  bob.call("logout");
  ws_client bob_again{node.port()};
  ok_data(bob_again.login("bob", "correct horse"));
  // Acknowledged: nothing is pending any more.
  bob_again.call("ping");
  CHECK(!bob_again.has_kept("message"));
}

TEST_CASE("a repeated send stores and delivers nothing again") {
  node_process node;
  pair_of_friends p{node};
  json request{{"id", "retry-1"},
               {"type", "send"},
               {"to", "bob"},
               {"kind", "text"},
               {"body", "once"}};
  auto first = ok_data(p.alice.request(request));
  auto again = ok_data(p.alice.request(request));
  CHECK(again == first);
  // After a reconnect, too.
  p.alice.drop();
  ws_client alice{node.port()};
  ok_data(alice.login("alice", "correct horse"));
  CHECK(ok_data(alice.request(request)) == first);
  auto push = p.bob.next_push("message");
  CHECK(push["id"] == first["msg_id"]);
  p.bob.ack(push);
  auto history = ok_data(p.bob.call("history", {{"with", "alice"}}));
  CHECK(history["messages"].size() == 1);
}

TEST_CASE("a send repeated before its answer is stored once") {
  node_process node;
  pair_of_friends p{node};
  json request{{"id", "retry-3"},
               {"type", "send"},
               {"to", "bob"},
               {"kind", "text"},
               {"body", "once"}};
  // Back to back: the two usually share a storage batch, where the repeat
  // meets the first inside one transaction.
  p.alice.send_json(request);
  p.alice.send_json(request);
  std::vector<json> answers;
  while (answers.size() < 2) {
    auto frame = p.alice.read();
    if (frame.value("id", json{}) == "retry-3")
      answers.push_back(frame);
  }
  REQUIRE(answers[0]["type"] == "ok");
  REQUIRE(answers[1]["type"] == "ok");
  CHECK(answers[1]["data"] == answers[0]["data"]);
  auto push = p.bob.next_push("message");
  CHECK(push["id"] == answers[0]["data"]["msg_id"]);
  p.bob.ack(push);
  auto history = ok_data(p.bob.call("history", {{"with", "alice"}}));
  CHECK(history["messages"].size() == 1);
  CHECK_FALSE(p.bob.has_kept("message"));
}

TEST_CASE("a repeated send is recognised after a restart of the node") {
  json request{{"id", "retry-2"},
               {"type", "send"},
               {"to", "bob"},
               {"kind", "text"},
               {"body", "once"}};
  json first;
  auto node = std::make_unique<node_process>();
  {
    pair_of_friends p{*node};
    first = ok_data(p.alice.request(request));
  }
  node->stop();
  auto again = node_process::restart_of(*node);
  ws_client alice{again.port()};
  ok_data(alice.login("alice", "correct horse"));
  CHECK(ok_data(alice.request(request)) == first);
  ws_client bob{again.port()};
  ok_data(bob.login("bob", "correct horse"));
  CHECK(ok_data(bob.call("history", {{"with", "alice"}}))["messages"].size()
        == 1);
}

TEST_CASE("history pages back and forth, oldest first") {
  node_process node;
  pair_of_friends p{node};
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 10; ++i) {
    auto& from = i % 2 ? p.bob : p.alice;
    ids.push_back(send_text(from, i % 2 ? "alice" : "bob",
                            "m" + std::to_string(i))["msg_id"]);
  }
  auto page = [&](json params) {
    params["with"] = "bob";
    std::vector<std::int64_t> out;
    auto data = ok_data(p.alice.call("history", params));
    for (auto& m : data["messages"])
      out.push_back(m["msg_id"]);
    return out;
  };
  using ids_t = std::vector<std::int64_t>;
  CHECK(page({}) == ids);
  CHECK(page({{"limit", 3}}) == ids_t{ids[7], ids[8], ids[9]});
  CHECK(page({{"before", ids[7]}, {"limit", 3}})
        == ids_t{ids[4], ids[5], ids[6]});
  CHECK(page({{"after", ids[2]}, {"limit", 3}})
        == ids_t{ids[3], ids[4], ids[5]});
  CHECK(page({{"after", ids[2]}, {"before", ids[6]}})
        == ids_t{ids[3], ids[4], ids[5]});
  auto messages = ok_data(
    p.alice.call("history", {{"with", "bob"}, {"limit", 1}}))["messages"];
  CHECK(messages[0]["from"] == "bob");
  CHECK(messages[0]["to"] == "alice");
  CHECK(messages[0]["body"] == "m9");
  CHECK(messages[0]["kind"] == "text");
  CHECK(error_code_of(p.alice.call("history", {{"with", "bob"}, {"limit", 0}}))
        == "bad_request");
  CHECK(error_code_of(p.alice.call("history", {{"group_id", 5}}))
        == "no_such_group");
}

TEST_CASE("a former friend's history stays readable; a stranger's is not") {
  node_process node;
  pair_of_friends p{node};
  auto carol = logged_in(node.port(), "carol");
  send_text(p.alice, "bob", "before the split");
  ok_data(p.alice.call("friend_remove", {{"username", "bob"}}));
  auto history = ok_data(p.alice.call("history", {{"with", "bob"}}));
  CHECK(history["messages"].size() == 1);
  CHECK(error_code_of(p.alice.call("history", {{"with", "carol"}}))
        == "not_friends");
  CHECK(error_code_of(p.alice.call("history", {{"with", "nobody"}}))
        == "not_friends");
  CHECK(error_code_of(p.alice.call(
          "send", {{"to", "bob"}, {"kind", "text"}, {"body", "still there?"}}))
        == "not_friends");
}

TEST_CASE("what a session acknowledged does not come again after a login "
          "elsewhere replaces it, private and group messages alike") {
  node_process node;
  pair_of_friends p{node};
  auto group
    = ok_data(p.alice.call("group_create", {{"name", "pair"}}))["group_id"];
  ok_data(
    p.alice.call("group_add", {{"group_id", group}, {"username", "bob"}}));
  p.bob.ack(p.bob.next_push("group_update"));
  auto group_text = [&](const std::string& text) {
    return ok_data(p.alice.call(
      "group_send",
      {{"group_id", group}, {"kind", "text"}, {"body", text}}))["msg_id"]
      .get<std::int64_t>();
  };
  // Each round: bob acks the first private and the first group message,
  // then logs in elsewhere at once; the new session gets only the others.
  auto bob = std::move(p.bob);
  for (int round = 0; round < 5; ++round) {
    INFO("round " << round);
    auto r = std::to_string(round);
    auto acked = send_text(p.alice, "bob", "acked " + r)["msg_id"];
    auto kept = send_text(p.alice, "bob", "kept " + r)["msg_id"];
    auto group_acked = group_text("group acked " + r);
    auto group_kept = group_text("group kept " + r);
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 4; ++i) {
      auto push = bob.next_push("message");
      ids.push_back(push["id"]);
      if (push["id"] == acked || push["id"] == group_acked)
        bob.ack(push);
    }
    CHECK(ids.size() == 4);
    // A round trip on the old socket: the node has read the acks (a client
    // cannot expect the node to honour acks still on their way).
    ok_data(bob.call("ping"));
    auto next = logged_in_again(node.port(), "bob");
    CHECK(bob.read_until_closed() == 1000);
    std::vector<std::int64_t> again;
    for (int i = 0; i < 2; ++i)
      again.push_back(next.next_push("message")["id"]);
    std::vector<std::int64_t> expected{kept.get<std::int64_t>(), group_kept};
    std::sort(expected.begin(), expected.end());
    CHECK(again == expected);
    for (auto id : again)
      next.ack(json{{"type", "message"}, {"id", id}});
    bob = std::move(next);
  }
  // Nothing else was waiting: the next push is a new message.
  auto last = send_text(p.alice, "bob", "last")["msg_id"];
  CHECK(bob.next_push("message")["id"] == last);
}
