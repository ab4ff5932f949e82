// A small troupe-bench run across the nodes of a real cluster on MariaDB:
// the tool drives several nodes at once, every pair's sender and receiver
// on different nodes, and its oracle sees every answered message arrive.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/bench/bench_run.hpp"
#include "tests/cluster/cluster_fixture.hpp"

using namespace troupe::test;

TEST_CASE("pairs across two nodes of a cluster: every answered message "
          "arrives once, in order") {
  cluster nodes{2, bench_node_args};
  std::vector<std::string> args{"--users=20", "--messages=50", "--window=8"};
  for (unsigned id = 0; id < 2; ++id) {
    args.push_back("--node=127.0.0.1:" + std::to_string(nodes.port(id)));
    args.push_back("--node-pid=" + std::to_string(nodes.node(id).pid()));
  }
  auto run = run_bench("pairs", args);
  CHECK(run.status == 0);
  check_clean_oracle(run.report, 10 * 50);
  CHECK(run.report.at("send_to_push").at("count") == 10 * 50);
  // Each node's CPU is in the report: both served the run.
  const auto& per_node = run.report.at("cpu").at("per_node");
  REQUIRE(per_node.size() == 2);
  for (unsigned id = 0; id < 2; ++id) {
    CHECK(per_node[id].at("pid") == nodes.node(id).pid());
    CHECK(per_node[id].at("cpu_s") > 0);
  }
}

TEST_CASE("idle across two nodes of a cluster: the sessions spread over "
          "both, each node's memory reported") {
  cluster nodes{2, bench_node_args};
  std::vector<std::string> args{"--sessions=50", "--duration=1",
                                "--ping-interval=0.2"};
  for (unsigned id = 0; id < 2; ++id) {
    args.push_back("--node=127.0.0.1:" + std::to_string(nodes.port(id)));
    args.push_back("--node-pid=" + std::to_string(nodes.node(id).pid()));
  }
  auto run = run_bench("idle", args);
  CHECK(run.status == 0);
  INFO("report: " << run.report.dump(2));
  CHECK(run.report.at("sessions_open_at_end") == 50);
  const auto& per_node = run.report.at("per_node");
  REQUIRE(per_node.size() == 2);
  for (unsigned id = 0; id < 2; ++id) {
    CHECK(per_node[id].at("pid") == nodes.node(id).pid());
    CHECK(per_node[id].at("sessions") == 25);
    CHECK(per_node[id].at("rss_bytes_after") > 0);
  }
}
