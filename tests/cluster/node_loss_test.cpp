// A node that dies or pauses: its peers notice within the heartbeat
// bounds, its users' friends hear them go offline, and every stored push
// reaches them wherever they log in next.

#include "tests/cluster/cluster_fixture.hpp"
#include "tests/integration/helpers.hpp"

using namespace troupe::test;

TEST_CASE("a killed node's users are offline for their friends, and find "
          "their pushes on another node") {
  cluster nodes{2};
  auto alice = logged_in(nodes.port(0), "alice");
  std::int64_t sent_id = 0;
  {
    auto bob = logged_in(nodes.port(1), "bob");
    make_friends(alice, "alice", bob, "bob");
    nodes.node(1).kill_hard();
    auto offline = alice.next_push("presence");
    CHECK(offline["username"] == "bob");
    CHECK(offline["online"] == false);
    sent_id = send_text(alice, "bob", "while you were away")["msg_id"]
                .get<std::int64_t>();
  }
  CHECK(ok_data(alice.call("presence", {{"username", "bob"}}))["online"]
        == false);
  auto bob = logged_in_again(nodes.port(0), "bob");
  auto got = bob.next_push("message");
  CHECK(got["id"] == sent_id);
  CHECK(got["body"] == "while you were away");
}

TEST_CASE("a paused node is dropped, and its sessions catch up when it "
          "resumes") {
  cluster nodes{2};
  auto alice = logged_in(nodes.port(0), "alice");
  auto bob = logged_in(nodes.port(1), "bob");
  make_friends(alice, "alice", bob, "bob");
  nodes.node(1).pause();
  // Node 0 drops the silent link after cluster.connection_timeout (1 s).
  auto offline = alice.next_push("presence");
  CHECK(offline["username"] == "bob");
  CHECK(offline["online"] == false);
  auto sent = send_text(alice, "bob", "are you there?");
  nodes.node(1).resume();
  // The nodes link again; bob's session reads what was stored meanwhile.
  auto got = bob.next_push("message");
  CHECK(got["id"] == sent["msg_id"]);
  bob.ack(got);
  // alice hears that bob is back with his node.
  auto back = alice.next_push("presence");
  CHECK(back["username"] == "bob");
  CHECK(back["online"] == true);
  send_text(bob, "alice", "back");
  CHECK(alice.next_push("message")["body"] == "back");
}

TEST_CASE("a node killed and restarted at once takes its node id back") {
  cluster nodes{2};
  auto alice = logged_in(nodes.port(0), "alice");
  auto bob = logged_in(nodes.port(1), "bob");
  make_friends(alice, "alice", bob, "bob");
  nodes.restart_after_kill(1);
  auto again = logged_in_again(nodes.port(1), "bob");
  send_text(alice, "bob", "welcome back");
  CHECK(again.next_push("message")["body"] == "welcome back");
}
