// What operators see of the cluster: /healthz names the node's place in
// it, /metrics counts nodes, links and what crosses between them.

#include <chrono>

#include "tests/cluster/cluster_fixture.hpp"
#include "tests/integration/helpers.hpp"

using namespace troupe::test;

TEST_CASE("/healthz says where the node stands in the cluster") {
  cluster nodes{2};
  for (unsigned id : {0u, 1u}) {
    auto res = http_call(nodes.port(id), "GET", "/healthz");
    CHECK(res.status == 200);
    auto health = res.body_json();
    CHECK(health["status"] == "ok");
    CHECK(health["cluster"]["node"] == id);
    CHECK(health["cluster"]["linked_peers"] == 1);
  }
  // The live nodes as the table said at the node's last renewal: node 1
  // read it after node 0 had its place (node 0 reads it again within a
  // third of cluster.lease).
  auto health = http_call(nodes.port(1), "GET", "/healthz").body_json();
  CHECK(health["cluster"]["live_nodes"] == 2);
}

TEST_CASE("/metrics counts the cluster's nodes, links and relays") {
  cluster nodes{3};
  CHECK(metric(nodes.port(2), "troupe_cluster_nodes_live") == 3);
  CHECK(metric(nodes.port(0), "troupe_cluster_peers_linked") == 2);
  auto relays = metric(nodes.port(0), "troupe_cluster_relays_total");
  auto alice = logged_in(nodes.port(0), "alice");
  auto bob = logged_in(nodes.port(1), "bob");
  make_friends(alice, "alice", bob, "bob");
  CHECK(metric(nodes.port(0), "troupe_cluster_remote_sessions") == 1);
  send_text(alice, "bob", "hi");
  bob.next_push("message");
  CHECK(metric(nodes.port(0), "troupe_cluster_relays_total") > relays);
  nodes.node(2).kill_hard();
  // Node 0 notices at once (the socket closes).
  auto deadline = std::chrono::steady_clock::now() + io_deadline;
  while (metric(nodes.port(0), "troupe_cluster_links_lost_total") < 1
         && std::chrono::steady_clock::now() < deadline) {
    // Scrape again.
  }
  CHECK(metric(nodes.port(0), "troupe_cluster_links_lost_total") == 1);
  CHECK(metric(nodes.port(0), "troupe_cluster_peers_linked") == 1);
}
