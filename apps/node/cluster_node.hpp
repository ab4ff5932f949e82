#pragma once

#include <cstdint>
#include <vector>

#include <caf/actor_system.hpp>

#include "actors/supervisor.hpp"
#include "apps/node/node_config.hpp"
#include "storage/adapter.hpp"
#include "telemetry/metrics.hpp"

// What a node in a cluster does beyond a lone node's start and stop: load
// CAF remoting, take its node id in storage, start its membership and link
// actors, link to the live nodes before it serves, and give its id back.

namespace troupe::node::cluster_node {

/// Returns a fresh, positive number for this run of the node.
std::int64_t new_incarnation();

/// Loads CAF's middleman with `[cluster]`'s heartbeats, and libcaf_openssl
/// with the `cluster.tls_*` files when they are set; before the actor
/// system starts.
void enable_remoting(node_config& cfg);

/// Takes this node's id for `incarnation` in `db`. Returns false, having
/// said why, when a live node holds it or storage cannot be asked.
bool take_node_id(const node_config& cfg, storage::adapter& db,
                  std::int64_t incarnation);

/// Adds the link and the membership to the supervised children.
void add_children(std::vector<actors::child_spec>& specs,
                  const node_config& cfg, std::int64_t incarnation,
                  const telemetry::metrics_ptr& metrics);

/// Waits until each live node was dialled once; logs how many linked.
void join(caf::actor_system& sys, const node_config& cfg);

/// Tells the link that the node serves clients from now on.
void announce_serving(caf::actor_system& sys);

/// Gives the node id back, so that peers see the node gone at once.
void release_node_id(const node_config& cfg, std::int64_t incarnation);

} // namespace troupe::node::cluster_node
