#pragma once

// Runs of the troupe-bench binary against real nodes, for the smoke tests.

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace troupe::test {

/// A bench is a whole population on one address: the node's per-address
/// limits, made for people, would refuse most of its set-up.
extern const std::vector<std::string> bench_node_args;

struct bench_run {
  int status;
  nlohmann::json report;
};

/// Runs `troupe-bench <scenario> <args>` (args name the nodes) to
/// completion and returns its exit status and JSON report.
bench_run run_bench(const std::string& scenario,
                    const std::vector<std::string>& args);

/// Checks that every message answered `ok` arrived once, in order.
void check_clean_oracle(const nlohmann::json& report,
                        std::size_t expected_messages);

} // namespace troupe::test
