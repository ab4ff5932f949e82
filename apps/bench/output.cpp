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

cpu_meter::cpu_meter(int node_pid)
  : node_pid_(node_pid), bench_start_(cpu_seconds(0)),
    node_start_(node_pid > 0 ? cpu_seconds(node_pid) : 0),
    wall_start_(wall_seconds()) {
  // nop
}

json cpu_meter::stop() const {
  auto wall = wall_seconds() - wall_start_;
  auto bench = cpu_seconds(0) - bench_start_;
  json out{{"wall_s", wall},
           {"bench_cpu_s", bench},
           {"bench_cores", wall > 0 ? bench / wall : 0.0}};
  if (node_pid_ > 0) {
    auto node = cpu_seconds(node_pid_) - node_start_;
    out["node_cpu_s"] = node;
    out["node_cores"] = wall > 0 ? node / wall : 0.0;
  }
  return out;
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
  return {{"host", opts.host},
          {"port", opts.port},
          {"threads", opts.threads},
          {"sources", opts.sources.empty() ? 1 : opts.sources.size()}};
}

} // namespace troupe::bench
