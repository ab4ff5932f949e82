#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <caf/actor_system_config.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/response_promise.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/interfaces.hpp"
#include "actors/services.hpp"
#include "cluster/membership_proof.hpp"
#include "cluster/settings.hpp"
#include "telemetry/metrics.hpp"

namespace troupe::cluster {

/// The actors a node's peers reach it through.
struct node_services {
  actors::peer_directory_actor directory;
  actors::peer_group_hub_actor groups;

  /// Whether both are running (not restarting).
  explicit operator bool() const {
    return static_cast<bool>(directory) && static_cast<bool>(groups);
  }

  friend bool operator==(const node_services& x, const node_services& y) {
    return x.directory == y.directory && x.groups == y.groups;
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_services& x) {
  return f(caf::meta::type_name("node_services"), x.directory, x.groups);
}

/// A live node as the membership table lists it: where to dial it.
struct peer_address {
  std::uint32_t node = 0;
  std::int64_t incarnation = 0;
  std::string host;
  std::uint16_t port = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, peer_address& x) {
  return f(caf::meta::type_name("peer_address"), x.node, x.incarnation, x.host,
           x.port);
}

/// The node's end of its links to the cluster's other nodes, published on
/// `cluster.port`. Two nodes link in two requests, the dialer asking:
/// - `hello`: the dialer's identity and nonce → the listener's identity,
///   nonce and proof of membership;
/// - `join`: the dialer's proof, services, and whether it serves clients →
///   the listener's services and whether it serves.
/// No actor handle is sent before the other side proved it holds the
/// cluster's secret (`membership_proof.hpp`).
using link_actor = caf::typed_actor<
  caf::replies_to<atoms::hello_atom, std::uint32_t, std::int64_t, std::string>::
    with<std::uint32_t, std::int64_t, std::string, std::string>,
  caf::replies_to<atoms::join_atom, std::uint32_t, std::int64_t, std::string,
                  node_services, bool>::with<node_services, bool>,
  /// From a linked peer: its directory or hub restarted; these are the new
  /// ones.
  caf::reacts_to<atoms::peer_up_atom, std::uint32_t, std::int64_t,
                 node_services>,
  /// From the membership: the other live nodes; dials those not linked.
  caf::reacts_to<atoms::live_atom, std::vector<peer_address>>,
  /// From the node: it serves clients from now on.
  caf::reacts_to<atoms::serving_atom>,
  /// → how many peers are linked, once each node of the first `live` list
  ///   was dialled once (linked or not): the node serves after that.
  caf::replies_to<atoms::joined_atom>::with<std::size_t>>;

static_assert(actors::detail::crosses_nodes<link_actor>::value);

namespace names {

constexpr actors::names::service<link_actor> link{caf::atom("clusterLnk")};

} // namespace names

struct link_state {
  struct peer {
    std::int64_t incarnation = 0;
    link_actor link;
    node_services services;
  };

  settings config;
  node_identity self_id;
  telemetry::metrics_ptr metrics;
  /// The linked peers, by node.
  std::map<std::uint32_t, peer> peers;
  /// The nodes being dialled, with the incarnation dialled.
  std::map<std::uint32_t, std::int64_t> dialing;
  /// The nodes whose last attempt to link failed, with the incarnation
  /// that failed: their repeated failures are logged at debug.
  std::map<std::uint32_t, std::int64_t> failing;
  /// Dialers that said hello and have yet to join: their nonce and ours.
  std::map<std::pair<std::uint32_t, std::int64_t>,
           std::pair<std::string, std::string>>
    greeted;
  /// The services the peers were told of: restarted ones are told again.
  node_services announced;
  bool serving = false;
  /// Dials of the first `live` list still under way; -1 before it came.
  std::ptrdiff_t first_round = -1;
  std::vector<caf::typed_response_promise<std::size_t>> waiting_for_join;
  static inline const char* name = "cluster_link";
};

/// Registers by name what the links of two nodes exchange (every node,
/// before its actor system starts).
void register_link_types(caf::actor_system_config& cfg);

/// Links this node to every live node of the cluster, and tells the
/// directory and the group hub about each linked peer (`peer_up`). A lost link
/// (the peer died, paused past `cluster.connection_timeout`, or was cut off) is
/// dialled again while the peer's lease lives.
link_actor::behavior_type link(link_actor::stateful_pointer<link_state> self,
                               settings config, std::int64_t incarnation,
                               telemetry::metrics_ptr metrics);

} // namespace troupe::cluster
