#pragma once

// Several real troupe-node processes on 127.0.0.1 forming one cluster on a
// throwaway MariaDB database they share.

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/support/node_process.hpp"
#include "tests/support/test_backend.hpp"
#include "tests/support/ws_client.hpp"

namespace troupe::test {

/// Returns the options that put a node in a cluster as node `id`, with its
/// cluster port at `port`.
inline std::vector<std::string> cluster_args(unsigned id, std::uint16_t port) {
  return {
    "--node.id=" + std::to_string(id), "--cluster.port=" + std::to_string(port),
    "--cluster.heartbeat_interval=100ms", "--cluster.connection_timeout=1s"};
}

/// Returns the value of the unlabelled series `name` in `GET /metrics`.
inline double metric(std::uint16_t port, const std::string& name) {
  auto body = "\n" + http_call(port, "GET", "/metrics").body;
  auto at = body.find("\n" + name + " ");
  REQUIRE(at != std::string::npos);
  return std::stod(body.substr(at + name.size() + 2));
}

struct cluster {
  /// One database for every node.
  node_process::shared_store store{
    test_backend::from_environment().fresh_store_args(make_temp_dir())};
  /// The nodes, by node id; each serves once linked to those before it.
  std::deque<std::optional<node_process>> nodes;

  /// Each node's cluster port.
  std::vector<std::uint16_t> cluster_ports;

  /// Options every node gets besides the cluster's.
  std::vector<std::string> extra;

  explicit cluster(unsigned count, std::vector<std::string> extra_args = {})
    : extra(std::move(extra_args)) {
    for (unsigned id = 0; id < count; ++id) {
      cluster_ports.push_back(free_tcp_port());
      nodes.emplace_back().emplace(store, args_of(id));
    }
  }

  /// Node `id`'s options.
  std::vector<std::string> args_of(unsigned id) const {
    auto args = cluster_args(id, cluster_ports.at(id));
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  /// Kills node `id` with SIGKILL and starts it again at once, with the
  /// same id and cluster address (its lease still runs).
  void restart_after_kill(unsigned id) {
    node(id).kill_hard();
    nodes.at(id).emplace(store, args_of(id));
  }

  node_process& node(unsigned id) { return *nodes.at(id); }

  std::uint16_t port(unsigned id) const { return nodes.at(id)->port(); }
};

} // namespace troupe::test
