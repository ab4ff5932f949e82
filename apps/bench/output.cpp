#include "apps/bench/output.hpp"

#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>

#include "apps/bench/process_usage.hpp"

namespace troupe::bench {

namespace {

double ms(std::int64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

double wall_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

void print_value(const std::string& key, const json& value,
                 const std::string& indent) {
  if (value.is_object()) {
    std::cout << indent << key << ":\n";
    for (auto& [k, v] : value.items())
      print_value(k, v, indent + "  ");
    return;
  }
  // A list of objects (each node's figures) one object after the other.
  if (value.is_array() && !value.empty() && value.front().is_object()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      print_value(key + "[" + std::to_string(i) + "]", value[i], indent);
    return;
  }
  std::cout << indent << key << ": ";
  if (value.is_number_float())
    std::cout << std::fixed << std::setprecision(2) << value.get<double>();
  else if (value.is_string())
    std::cout << value.get<std::string>();
  else
    std::cout << value.dump();
  std::cout << '\n';
}

} // namespace

json latency_json(const latency_recorder& lat) {
  return {{"count", lat.count()},
          {"p50_ms", ms(lat.quantile(0.5))},
          {"p90_ms", ms(lat.quantile(0.9))},
          {"p99_ms", ms(lat.quantile(0.99))},
          {"max_ms", ms(lat.max())}};
}

std::vector<series> latency_lines(const std::string& name,
                                  const latency_recorder& lat) {
  series p50{name + " p50 (ms)", {}};
  series p99{name + " p99 (ms)", {}};
  for (auto& s : lat.by_second()) {
    p50.points.emplace_back(s.second, ms(s.p50));
    p99.points.emplace_back(s.second, ms(s.p99));
  }
  return {p50, p99};
}

series throughput_line(const std::string& name, const latency_recorder& lat) {
  series out{name, {}};
  for (auto& s : lat.by_second())
    out.points.emplace_back(s.second, static_cast<double>(s.count));
  return out;
}

cpu_meter::cpu_meter(std::vector<int> node_pids)
  : node_pids_(std::move(node_pids)), bench_start_(cpu_seconds(0)),
    wall_start_(wall_seconds()) {
  for (auto pid : node_pids_)
    node_starts_.push_back(cpu_seconds(pid));
}

json cpu_meter::stop() const {
  auto wall = wall_seconds() - wall_start_;
  auto cores = [wall](double cpu) { return wall > 0 ? cpu / wall : 0.0; };
  auto bench = cpu_seconds(0) - bench_start_;
  json out{
    {"wall_s", wall}, {"bench_cpu_s", bench}, {"bench_cores", cores(bench)}};
  if (node_pids_.empty())
    return out;
  std::vector<double> used;
  json per_node = json::array();
  for (std::size_t i = 0; i < node_pids_.size(); ++i) {
    used.push_back(cpu_seconds(node_pids_[i]) - node_starts_[i]);
    per_node.push_back({{"pid", node_pids_[i]},
                        {"cpu_s", used.back()},
                        {"cores", cores(used.back())}});
  }
  out["node_cpu_s"] = total(used);
  out["node_cores"] = cores(total(used));
  if (node_pids_.size() > 1)
    out["per_node"] = per_node;
  return out;
}

std::vector<double> node_rss_mib(const std::vector<int>& node_pids) {
  std::vector<double> out;
  for (auto pid : node_pids)
    out.push_back(static_cast<double>(rss_bytes(pid)) / (1 << 20));
  return out;
}

double total(const std::vector<double>& values) {
  double sum = 0;
  for (auto v : values)
    sum += v;
  return sum;
}

void publish(const options& opts, const json& report,
             const std::string& chart) {
  std::cout << "troupe-bench " << report.value("scenario", "") << "\n";
  for (auto& [key, value] : report.items())
    if (key != "scenario")
      print_value(key, value, "  ");
  if (!opts.json_path.empty()) {
    std::ofstream out{opts.json_path};
    out << report.dump(2) << '\n';
  }
  if (!opts.svg_path.empty() && !chart.empty()) {
    std::ofstream out{opts.svg_path};
    out << chart;
  }
}

json common_parameters(const options& opts) {
  json out{{"threads", opts.threads},
           {"sources", opts.sources.empty() ? 1 : opts.sources.size()}};
  if (opts.nodes.empty()) {
    out["host"] = opts.host;
    out["port"] = opts.port;
  } else {
    out["nodes"] = opts.nodes;
  }
  return out;
}

} // namespace troupe::bench
