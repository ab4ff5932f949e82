// The delivery promise across a crash of the one node (crash_workload.hpp):
// after a restart every message answered ok reaches its receivers exactly
// once after de-duplication, in order, and no message is stored twice.

#include <memory>
#include <thread>

#include "tests/integration/crash_workload.hpp"
#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;
using namespace troupe::test::crash;

TEST_CASE("every message answered ok survives a SIGKILL of the node, once "
          "and in order") {
  auto node = std::make_unique<node_process>(
    std::vector<std::string>{"--delivery.resend_interval=1s"});
  auto group_id = befriend_everyone(node->port());
  ledger log;
  std::vector<sender_plan> plans(senders);
  // -- before the crash: receivers 0 and 1 online, receiver 2 offline ---------
  {
    std::vector<ws_client> online;
    for (int r = 0; r < 2; ++r)
      online.push_back(logged_in_again(node->port(), receiver_name(r)));
    std::vector<std::thread> threads;
    for (int r = 0; r < 2; ++r)
      threads.emplace_back([&, r] {
        run_online_receiver(online[static_cast<std::size_t>(r)], r, log);
      });
    for (int s = 0; s < senders; ++s)
      threads.emplace_back([&, s] {
        run_sender(node->port(), s, group_id,
                   plans[static_cast<std::size_t>(s)], log);
      });
    REQUIRE(log.half_answered());
    node->kill_hard();
    for (auto& t : threads)
      t.join();
  }
  CHECK(log.answered_count < total);
  for (auto& f : log.faults)
    FAIL_CHECK(f);
  // -- after the restart: the senders finish, every receiver drains ----------
  auto again = node_process::restart_of(*node);
  {
    std::vector<std::thread> threads;
    for (int s = 0; s < senders; ++s)
      threads.emplace_back([&, s] {
        run_sender(again.port(), s, group_id,
                   plans[static_cast<std::size_t>(s)], log);
      });
    for (auto& t : threads)
      t.join();
  }
  for (auto& f : log.faults)
    FAIL_CHECK(f);
  REQUIRE(log.answered_count == total);
  check_deliveries(log, [&](int) { return again.port(); });
}
