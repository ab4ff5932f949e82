#pragma once

// Several real troupe-node processes on 127.0.0.1 forming one cluster on a
// throwaway MariaDB database they share.

#include <deque>
#include <string>
#include <vector>

#include "tests/support/node_process.hpp"
#include "tests/support/test_backend.hpp"

namespace troupe::test {

/// Returns the options that put a node in a cluster as node `id`, with its
/// cluster port at `port`.
inline std::vector<std::string> cluster_args(unsigned id, std::uint16_t port) {
  return {
    "--node.id=" + std::to_string(id), "--cluster.port=" + std::to_string(port),
    "--cluster.heartbeat_interval=100ms", "--cluster.connection_timeout=1s"};
}

struct cluster {
  /// One database for every node.
  node_process::shared_store store{
    test_backend::from_environment().fresh_store_args(make_temp_dir())};
  /// The nodes, by node id; each serves once linked to those before it.
  std::deque<node_process> nodes;

  /// `count` nodes, each also given `extra_args`.
  explicit cluster(unsigned count,
                   const std::vector<std::string>& extra_args = {}) {
    for (unsigned id = 0; id < count; ++id) {
      auto args = cluster_args(id, free_tcp_port());
      args.insert(args.end(), extra_args.begin(), extra_args.end());
      nodes.emplace_back(store, std::move(args));
    }
  }

  std::uint16_t port(unsigned id) const { return nodes.at(id).port(); }
};

} // namespace troupe::test
