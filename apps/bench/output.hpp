#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/bench/options.hpp"
#include "apps/bench/statistics.hpp"
#include "apps/bench/svg_chart.hpp"

namespace troupe::bench {

using json = nlohmann::json;

/// Returns `{count, p50_ms, p90_ms, p99_ms, max_ms}` of `lat`.
json latency_json(const latency_recorder& lat);

/// Returns the p50 and p99 of `lat` per second, in ms, for a chart.
std::vector<series> latency_lines(const std::string& name,
                                  const latency_recorder& lat);

/// Returns the samples per second of `lat`, for a chart.
series throughput_line(const std::string& name, const latency_recorder& lat);

/// Measures the CPU time the bench and (given their pids) the nodes use
/// between construction and `stop()`.
class cpu_meter {
 public:
  explicit cpu_meter(std::vector<int> node_pids);

  /// Returns `{wall_s, bench_cpu_s, bench_cores, node_cpu_s, node_cores}`,
  /// the node's figures summed over the nodes; with several nodes also
  /// `per_node`, `{pid, cpu_s, cores}` for each.
  json stop() const;

 private:
  std::vector<int> node_pids_;
  double bench_start_;
  std::vector<double> node_starts_;
  double wall_start_;
};

/// Returns the RSS of each node of `node_pids` now, in MiB.
std::vector<double> node_rss_mib(const std::vector<int>& node_pids);

/// Returns the sum of `values`.
double total(const std::vector<double>& values);

/// Prints the human summary of `report` to stdout, writes it as JSON to
/// `--json` and `chart` to `--svg` when asked.
void publish(const options& opts, const json& report, const std::string& chart);

/// Returns the parameters a report names for every scenario.
json common_parameters(const options& opts);

} // namespace troupe::bench
