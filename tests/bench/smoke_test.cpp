// Smoke runs of every troupe-bench scenario, small, against a real node on
// the backend CTest chose: they show that the tool still drives protocol v1
// and that its oracle still sees every answered message arrive. Figures are
// not checked here (a benchmark is a program with a report, not a timed
// test); docs/benchmarks.md has them.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/bench/bench_run.hpp"
#include "tests/support/node_process.hpp"

using troupe::test::bench_node_args;
using troupe::test::bench_run;
using troupe::test::check_clean_oracle;
using troupe::test::node_process;

namespace {

/// Runs `troupe-bench <scenario> <args>` against `node` to completion and
/// returns its exit status and JSON report.
bench_run run_bench(const node_process& node, const std::string& scenario,
                    std::vector<std::string> args) {
  args.insert(args.begin(), "--port=" + std::to_string(node.port()));
  return troupe::test::run_bench(scenario, args);
}

} // namespace

TEST_CASE("pairs: closed loop, every answered message arrives once, in order") {
  node_process node{bench_node_args};
  auto run
    = run_bench(node, "pairs", {"--users=20", "--messages=50", "--window=8"});
  CHECK(run.status == 0);
  check_clean_oracle(run.report, 10 * 50);
  CHECK(run.report.at("send_to_push").at("count") == 10 * 50);
}

TEST_CASE("pairs: open loop at a rate") {
  node_process node{bench_node_args};
  auto run
    = run_bench(node, "pairs", {"--users=10", "--messages=20", "--rate=500"});
  CHECK(run.status == 0);
  check_clean_oracle(run.report, 5 * 20);
}

TEST_CASE("pairs: a rerun reuses the users of the first run") {
  node_process node{bench_node_args};
  auto first = run_bench(node, "pairs", {"--users=10", "--messages=10"});
  auto second = run_bench(node, "pairs", {"--users=10", "--messages=10"});
  CHECK(first.status == 0);
  CHECK(second.status == 0);
  check_clean_oracle(second.report, 5 * 10);
}

TEST_CASE("offline: receivers drain their backlog at login") {
  node_process node{bench_node_args};
  auto run = run_bench(node, "offline", {"--users=20", "--messages=50"});
  CHECK(run.status == 0);
  check_clean_oracle(run.report, 10 * 50);
  CHECK(run.report.at("seconds_to_last_message") > 0);
}

TEST_CASE("group: every answered message reaches every online member but "
          "its sender, once, in order") {
  node_process node{bench_node_args};
  auto run
    = run_bench(node, "group",
                {"--members=60", "--online=20", "--senders=2", "--rate=20",
                 "--messages=20", "--node-pid=" + std::to_string(node.pid())});
  CHECK(run.status == 0);
  INFO("report: " << run.report.dump(2));
  const auto& oracle = run.report.at("oracle");
  CHECK(run.report.at("finished") == true);
  CHECK(oracle.at("answered_ok") == 2 * 20);
  CHECK(oracle.at("failed") == 0);
  CHECK(oracle.at("expected_deliveries") == 2 * 20 * 19);
  CHECK(oracle.at("received") == 2 * 20 * 19);
  CHECK(oracle.at("lost") == 0);
  CHECK(oracle.at("duplicated") == 0);
  CHECK(oracle.at("out_of_order") == 0);
  CHECK(oracle.at("sent_back_to_sender") == 0);
  CHECK(run.report.at("fan_out_ok_to_last_member").at("count") == 2 * 20);
  CHECK(run.report.at("node_rss_mib").at("after_traffic") > 0);
}

TEST_CASE("storm: every token login is welcomed") {
  node_process node{bench_node_args};
  auto run = run_bench(node, "storm", {"--sessions=50"});
  CHECK(run.status == 0);
  CHECK(run.report.at("welcomed") == 50);
}

TEST_CASE("idle: sessions stay open and the node's memory is sampled") {
  node_process node{bench_node_args};
  auto run = run_bench(node, "idle",
                       {"--sessions=50", "--duration=1", "--ping-interval=0.2",
                        "--node-pid=" + std::to_string(node.pid())});
  CHECK(run.status == 0);
  INFO("report: " << run.report.dump(2));
  CHECK(run.report.at("sessions_open_at_end") == 50);
}

TEST_CASE("hostile: the honest pairs lose nothing, quiet and under every "
          "attack, and the run ends by itself") {
  // The node's limits as they are, but for registrations: the honest
  // set-up registers its users from 127.0.0.1.
  node_process node{{"--auth.registrations_per_minute=1000"}};
  auto run = run_bench(node, "hostile",
                       {"--users=10", "--messages=10", "--rate=100",
                        "--node-pid=" + std::to_string(node.pid())});
  CHECK(run.status == 0);
  check_clean_oracle(run.report.at("quiet"), 5 * 10);
  check_clean_oracle(run.report.at("hostile"), 5 * 10);
  // One attacker of each kind, each from an address of its own, and each
  // got as far as the node's door.
  const auto& attacks = run.report.at("hostile").at("attacks");
  CHECK(attacks.size() == 8);
  for (auto& [name, attack] : attacks.items()) {
    INFO("attack " << name << ": " << attack.dump());
    CHECK(attack.at("attackers") == 1);
    const auto& answers = attack.at("answers");
    CHECK(answers.value("opened", 0) + answers.value("refused", 0) > 0);
  }
  CHECK(run.report.at("hostile").at("node_rss_mib").at("max") > 0);
}
