#pragma once

// The nodes a run talks to, and which node each user connects to: one
// node, or the nodes of a cluster with every conversation crossing nodes.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "apps/bench/options.hpp"

namespace troupe::bench {

using node_endpoint = boost::asio::ip::tcp::endpoint;

/// Parses "HOST:PORT" (HOST an IP address, in brackets for IPv6; PORT 1
/// to 65535); nothing if the text is not one.
std::optional<node_endpoint> parse_node(const std::string& text);

/// The nodes of a run: each `--node`, in order, or `--host`:`--port`.
/// Throws std::invalid_argument on a `--node` that does not parse.
std::vector<node_endpoint> node_endpoints(const options& opts);

/// Maps a user's index to the node its session connects to. The pool
/// takes it modulo its nodes, so the identity spreads users round robin.
using node_map = std::function<std::size_t(std::size_t)>;

/// The node of user `user` of friend pairs (pair k: sender 2k, receiver
/// 2k + 1): the sender of pair k on node k, its receiver on node k + 1.
/// With two nodes or more every pair crosses nodes, and the senders (who
/// cost the node most: the storage writes) spread over all of them.
std::size_t pair_node(std::size_t user);

} // namespace troupe::bench
