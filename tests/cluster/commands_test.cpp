// Any client may connect to any node: what one node did, another serves
// (tokens, files, history, admin system messages).

#include <set>

#include "tests/cluster/cluster_fixture.hpp"
#include "tests/integration/helpers.hpp"

using namespace troupe::test;

namespace {

std::string token_of(ws_client& c) {
  return ok_data(c.call("token"))["token"];
}

} // namespace

TEST_CASE("a token from one node opens a session on another") {
  cluster nodes{2};
  auto alice = logged_in(nodes.port(0), "alice");
  auto token = token_of(alice);
  ws_client elsewhere{nodes.port(1), "/ws?token=" + token};
  CHECK(elsewhere.next_push()["type"] == "welcome");
  // That login replaced the session on node 0.
  std::vector<json> frames;
  alice.read_until_closed(&frames);
  CHECK(frames.back()["reason"] == "replaced");
}

TEST_CASE("a file uploaded on one node is sent and downloaded on another") {
  cluster nodes{2};
  auto alice = logged_in(nodes.port(0), "alice");
  auto bob = logged_in(nodes.port(1), "bob");
  make_friends(alice, "alice", bob, "bob");
  auto file_id = http_call(nodes.port(0), "POST", "/api/files", "hello file",
                           {{"Authorization", "Bearer " + token_of(alice)},
                            {"Content-Type", "text/plain"}})
                   .body_json()["file_id"]
                   .get<std::int64_t>();
  ok_data(alice.call(
    "send",
    {{"to", "bob"}, {"kind", "file"}, {"body", std::to_string(file_id)}}));
  CHECK(bob.next_push("message")["body"] == std::to_string(file_id));
  auto got
    = http_call(nodes.port(1), "GET", "/api/files/" + std::to_string(file_id),
                {}, {{"Authorization", "Bearer " + token_of(bob)}});
  CHECK(got.status == 200);
  CHECK(got.body == "hello file");
}

TEST_CASE("history and admin system messages answer across nodes") {
  cluster nodes{2, {"--admin.key=cluster-admin-key"}};
  auto alice = logged_in(nodes.port(0), "alice");
  auto bob = logged_in(nodes.port(1), "bob");
  make_friends(alice, "alice", bob, "bob");
  auto first = send_text(alice, "bob", "one")["msg_id"];
  auto second = send_text(bob, "alice", "two")["msg_id"];
  auto history = ok_data(bob.call("history", {{"with", "alice"}}))["messages"];
  REQUIRE(history.size() == 2);
  // The admin API of node 0 reaches bob's session on node 1.
  auto res
    = http_call(nodes.port(0), "POST", "/api/admin/system_message",
                json{{"username", "bob"}, {"body", "maintenance"}}.dump(),
                {{"Content-Type", "application/json"},
                 {"X-Admin-Key", "cluster-admin-key"}});
  CHECK(res.status == 202);
  CHECK(bob.next_push("system")["body"] == "maintenance");
  std::set<json> ids{history[0]["id"], history[1]["id"]};
  CHECK(ids == std::set<json>{first, second});
}
