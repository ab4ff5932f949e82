// The delivery promise across the loss of a node of the cluster
// (tests/integration/crash_workload.hpp): senders on two nodes send to
// receivers whose node is killed with SIGKILL under the load, and to a
// group with members on every node; after the node's restart every message
// answered ok reaches its receivers exactly once after de-duplication, in
// order, wherever they log in.

#include <thread>

#include "tests/cluster/cluster_fixture.hpp"
#include "tests/integration/crash_workload.hpp"
#include "tests/integration/helpers.hpp"

using namespace troupe::test;
using namespace troupe::test::crash;

TEST_CASE("every message answered ok survives the SIGKILL of a node of the "
          "cluster, once and in order") {
  cluster nodes{3};
  // Senders on nodes 0 and 2, receivers 0 and 1 online on node 1, receiver
  // 2 offline; the group's members are on every node.
  auto sender_port = [&](int s) { return nodes.port(s % 2 == 0 ? 0 : 2); };
  auto group_id = befriend_everyone(nodes.port(0));
  ledger log;
  std::vector<sender_plan> plans(senders);
  {
    std::vector<ws_client> online;
    for (int r = 0; r < 2; ++r)
      online.push_back(logged_in_again(nodes.port(1), receiver_name(r)));
    std::vector<std::thread> threads;
    for (int r = 0; r < 2; ++r)
      threads.emplace_back([&, r] {
        run_online_receiver(online[static_cast<std::size_t>(r)], r, log);
      });
    std::vector<std::thread> sending;
    for (int s = 0; s < senders; ++s)
      sending.emplace_back([&, s] {
        run_sender(sender_port(s), s, group_id,
                   plans[static_cast<std::size_t>(s)], log);
      });
    REQUIRE(log.half_answered());
    nodes.restart_after_kill(1);
    for (auto& t : threads)
      t.join();
    for (auto& t : sending)
      t.join();
  }
  for (auto& f : log.faults)
    FAIL_CHECK(f);
  REQUIRE(log.answered_count == total);
  // Receivers 0 and 1 come back to their restarted node, 2 to another.
  check_deliveries(log, [&](int r) { return nodes.port(r < 2 ? 1 : 2); });
}
