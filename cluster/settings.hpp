#pragma once

#include <cstdint>
#include <string>

#include <caf/timespan.hpp>

namespace troupe::cluster {

using namespace std::chrono_literals;

/// How a node takes part in its cluster (`[cluster]` in conf/troupe.ini).
struct settings {
  /// This node's number (`node.id`).
  std::uint32_t node_id = 0;
  /// Where the node listens for its peers, and where they dial it.
  std::string host = "127.0.0.1";
  /// 0: the node is not in a cluster.
  std::uint16_t port = 0;
  /// How long a node counts as live after it last renewed its place in
  /// storage; it renews every third of this.
  caf::timespan lease = 5s;
  /// Time to connect to a peer and prove membership both ways.
  caf::timespan dial_timeout = 2s;
  /// What the nodes prove membership with (`auth.secret`).
  std::string secret;
  /// Whether the links go through TLS (`cluster.tls_*`): the node loads
  /// libcaf_openssl with its files, and the link listens and dials through
  /// it only.
  bool tls = false;
};

} // namespace troupe::cluster
