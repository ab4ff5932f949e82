// Sessions across nodes: one live session per user in the whole cluster,
// pushes routed to the node that holds the session, presence and online
// flags for the whole cluster; and a node id held by one node only.

#include "tests/cluster/cluster_fixture.hpp"
#include "tests/integration/helpers.hpp"

using namespace troupe::test;

TEST_CASE("a node id held by a live node refuses a second node") {
  cluster nodes{1};
  std::vector<std::string> args{"--net.host=127.0.0.1", "--net.port=0",
                                "--auth.secret=integration-test-secret"};
  args.insert(args.end(), nodes.store.args.begin(), nodes.store.args.end());
  for (auto& arg : cluster_args(0, free_tcp_port()))
    args.push_back(arg);
  auto run = run_node_to_exit(args);
  CHECK(run.status == 1);
  CHECK(run.stderr_text.find("node.id 0 is held by a live node")
        != std::string::npos);
}

TEST_CASE("a message to a user on another node arrives live") {
  cluster nodes{2};
  auto alice = logged_in(nodes.port(0), "alice");
  auto bob = logged_in(nodes.port(1), "bob");
  make_friends(alice, "alice", bob, "bob");
  auto sent = send_text(alice, "bob", "across");
  auto got = bob.next_push("message");
  CHECK(got["id"] == sent["msg_id"]);
  CHECK(got["body"] == "across");
  bob.ack(got);
  send_text(bob, "alice", "and back");
  CHECK(alice.next_push("message")["body"] == "and back");
}

TEST_CASE("a login on another node replaces the session") {
  cluster nodes{2};
  auto first = logged_in(nodes.port(0), "alice");
  auto second = logged_in_again(nodes.port(1), "alice");
  std::vector<json> frames;
  CHECK(first.read_until_closed(&frames) == 1000);
  REQUIRE(!frames.empty());
  CHECK(frames.back() == json{{"type", "closing"}, {"reason", "replaced"}});
  CHECK(ok_data(second.call("ping"))["time"].is_number());
}

TEST_CASE("presence and online flags answer for the whole cluster") {
  cluster nodes{3};
  auto alice = logged_in(nodes.port(0), "alice");
  auto bob = logged_in(nodes.port(1), "bob");
  make_friends(alice, "alice", bob, "bob");
  CHECK(ok_data(alice.call("presence", {{"username", "bob"}}))["online"]
        == true);
  auto friends = ok_data(bob.call("friends"))["friends"];
  REQUIRE(friends.size() == 1);
  CHECK(friends[0]["online"] == true);
  {
    // carl, on a third node, comes and goes: alice hears it.
    auto carl = logged_in(nodes.port(2), "carl");
    make_friends(carl, "carl", alice, "alice");
    carl.call("logout");
  }
  auto offline = alice.next_push("presence");
  CHECK(offline["username"] == "carl");
  CHECK(offline["online"] == false);
  bob.call("logout");
  offline = alice.next_push("presence");
  CHECK(offline["username"] == "bob");
  CHECK(offline["online"] == false);
  CHECK(ok_data(alice.call("presence", {{"username", "bob"}}))["online"]
        == false);
}
