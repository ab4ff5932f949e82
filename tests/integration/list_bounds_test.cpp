// Replies that list things stay within a client's write queue whatever
// others do: pending friend requests are bounded per user, `friends` and
// `groups` come in pages.

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;

namespace {

/// The longest note, in two-byte characters: each request lists at about
/// 2 KiB.
std::string longest_note() {
  std::string note;
  for (int i = 0; i < 1023; ++i)
    note += "\u00e9";
  return note;
}

std::set<std::int64_t> request_ids(const json& list) {
  std::set<std::int64_t> out;
  for (auto& r : list)
    out.insert(r["request_id"].get<std::int64_t>());
  return out;
}

std::vector<std::string> usernames(const json& list) {
  std::vector<std::string> out;
  for (auto& entry : list)
    out.push_back(entry["username"]);
  return out;
}

} // namespace

TEST_CASE("friend requests from many senders with the longest notes leave "
          "their target the newest limits.max_pending_friend_requests, "
          "listed in one reply that keeps the socket open") {
  // 60 requests of 2 KiB list at 120 KiB, past a 64 KiB write queue; the
  // 10 kept list at 20 KiB.
  constexpr int senders = 60;
  constexpr std::size_t kept = 10;
  node_process node{{"--limits.max_pending_friend_requests=10",
                     "--limits.max_frame_bytes=8192",
                     "--net.max_write_queue_bytes=65536",
                     "--auth.registrations_per_minute=1000"}};
  {
    ws_client victim{node.port()};
    register_user(victim, "victim");
  }
  auto note = longest_note();
  std::vector<std::int64_t> sent;
  for (int i = 0; i < senders; ++i) {
    auto sender = logged_in(node.port(), "sender" + std::to_string(i));
    auto reply = ok_data(
      sender.call("friend_request", {{"username", "victim"}, {"note", note}}));
    sent.push_back(reply["request_id"].get<std::int64_t>());
  }
  auto victim = logged_in_again(node.port(), "victim");
  auto listed = ok_data(victim.call("friend_requests"));
  REQUIRE(listed["incoming"].size() == kept);
  CHECK(listed["outgoing"].empty());
  // The newest stay; the older ones expired.
  auto incoming = request_ids(listed["incoming"]);
  CHECK(incoming == std::set<std::int64_t>(sent.end() - kept, sent.end()));
  CHECK(listed["incoming"][0]["note"] == note);
  // An expired request took its stored push with it: the backlog brings
  // only the requests still pending.
  for (std::size_t i = 0; i < kept; ++i) {
    auto push = victim.next_push("friend_request");
    CHECK(incoming.count(push["request_id"].get<std::int64_t>()) == 1);
    victim.ack(push);
  }
  // The socket stays open and answers.
  ok_data(victim.call("ping"));
  // An expired request is gone for its sender too.
  auto first = logged_in_again(node.port(), "sender0");
  CHECK(ok_data(first.call("friend_requests"))["outgoing"].empty());
  CHECK(error_code_of(victim.call(
          "friend_respond", {{"request_id", sent.front()}, {"accept", true}}))
        == "no_such_request");
}

TEST_CASE("a user online while many ask them lists the newest "
          "limits.max_pending_friend_requests in a reply that keeps the "
          "socket open") {
  // 40 requests of 2 KiB list at 80 KiB, past a 64 KiB write queue.
  constexpr int senders = 40;
  node_process node{{"--limits.max_pending_friend_requests=5",
                     "--limits.max_frame_bytes=8192",
                     "--net.max_write_queue_bytes=65536",
                     "--auth.registrations_per_minute=1000"}};
  auto victim = logged_in(node.port(), "victim");
  auto note = longest_note();
  for (int i = 0; i < senders; ++i) {
    auto sender = logged_in(node.port(), "sender" + std::to_string(i));
    ok_data(
      sender.call("friend_request", {{"username", "victim"}, {"note", note}}));
  }
  auto listed = ok_data(victim.call("friend_requests"));
  CHECK(usernames(listed["incoming"])
        == std::vector<std::string>{"sender35", "sender36", "sender37",
                                    "sender38", "sender39"});
  ok_data(victim.call("ping"));
}

TEST_CASE("a user's outgoing requests past limits.max_pending_friend_requests "
          "withdraw the oldest") {
  node_process node{{"--limits.max_pending_friend_requests=3",
                     "--auth.registrations_per_minute=1000"}};
  std::vector<std::string> asked;
  for (int i = 0; i < 5; ++i) {
    asked.push_back("friend" + std::to_string(i));
    ws_client c{node.port()};
    register_user(c, asked.back());
  }
  auto alice = logged_in(node.port(), "alice");
  for (auto& name : asked)
    ok_data(alice.call("friend_request", {{"username", name}}));
  auto outgoing = ok_data(alice.call("friend_requests"))["outgoing"];
  CHECK(usernames(outgoing)
        == std::vector<std::string>{"friend2", "friend3", "friend4"});
  auto withdrawn = logged_in_again(node.port(), "friend0");
  CHECK(ok_data(withdrawn.call("friend_requests"))["incoming"].empty());
  auto pending = logged_in_again(node.port(), "friend4");
  CHECK(usernames(ok_data(pending.call("friend_requests"))["incoming"])
        == std::vector<std::string>{"alice"});
  // Asking a withdrawn one again is a new request, not already_requested.
  ok_data(alice.call("friend_request", {{"username", "friend0"}}));
}

TEST_CASE("friends come in pages of at most limits.max_list_items, in their "
          "order, with more: true while friends follow") {
  node_process node{
    {"--limits.max_list_items=2", "--auth.registrations_per_minute=1000"}};
  auto alice = logged_in(node.port(), "alice");
  std::vector<ws_client> others;
  for (auto name : {"ann", "bob", "cid", "dan", "eve"}) {
    others.push_back(logged_in(node.port(), name));
    make_friends(others.back(), name, alice, "alice");
  }
  send_text(alice, "dan", "most recent but one");
  send_text(alice, "bob", "most recent");
  // A client that gives no limit (every client before paging) gets the
  // first page, and is told more follow.
  auto first = ok_data(alice.call("friends"));
  CHECK(usernames(first["friends"]) == std::vector<std::string>{"bob", "dan"});
  CHECK(first["more"] == true);
  auto second = ok_data(alice.call("friends", {{"offset", 2}}));
  CHECK(usernames(second["friends"]) == std::vector<std::string>{"ann", "cid"});
  CHECK(second["more"] == true);
  auto last = ok_data(alice.call("friends", {{"offset", 4}, {"limit", 2}}));
  CHECK(usernames(last["friends"]) == std::vector<std::string>{"eve"});
  CHECK(last["more"] == false);
  auto one = ok_data(alice.call("friends", {{"offset", 1}, {"limit", 1}}));
  CHECK(usernames(one["friends"]) == std::vector<std::string>{"dan"});
  // A page larger than the bound is a bad request, not a larger reply.
  CHECK(error_code_of(alice.call("friends", {{"limit", 3}})) == "bad_request");
  CHECK(error_code_of(alice.call("friends", {{"offset", -1}}))
        == "bad_request");
}

TEST_CASE("groups come in pages of at most limits.max_list_items by group "
          "id, the next page after the last id") {
  node_process node{{"--limits.max_list_items=2"}};
  auto alice = logged_in(node.port(), "alice");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(ok_data(alice.call(
      "group_create", {{"name", "g" + std::to_string(i)}}))["group_id"]
                    .get<std::int64_t>());
  std::sort(ids.begin(), ids.end());
  auto ids_of = [](const json& page) {
    std::vector<std::int64_t> out;
    for (auto& g : page["groups"])
      out.push_back(g["group_id"].get<std::int64_t>());
    return out;
  };
  auto first = ok_data(alice.call("groups"));
  CHECK(ids_of(first) == std::vector{ids[0], ids[1]});
  CHECK(first["more"] == true);
  CHECK(first["groups"][0]["role"] == "owner");
  auto second = ok_data(alice.call("groups", {{"after", ids[1]}}));
  CHECK(ids_of(second) == std::vector{ids[2], ids[3]});
  CHECK(second["more"] == true);
  auto last = ok_data(alice.call("groups", {{"after", ids[3]}, {"limit", 2}}));
  CHECK(ids_of(last) == std::vector{ids[4]});
  CHECK(last["more"] == false);
  CHECK(error_code_of(alice.call("groups", {{"limit", 3}})) == "bad_request");
}
