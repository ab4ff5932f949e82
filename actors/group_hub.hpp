#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <caf/actor_addr.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/context.hpp"
#include "actors/interfaces.hpp"
#include "domain/group_claims.hpp"

namespace troupe::actors {

struct group_hub_state {
  /// A command relayed to a peer, not yet answered.
  struct relay_in_flight {
    caf::typed_response_promise<std::string> answer;
    bool answered = false;

    /// Answers the requester, unless it was already.
    void deliver(caf::expected<std::string> outcome);
  };
  using relay_ptr = std::shared_ptr<relay_in_flight>;

  context_ptr ctx;
  /// This node, as the claims of its group actors name it.
  domain::group_host host;
  /// The live nodes this hub knows, itself included: where groups go.
  std::vector<node_number> nodes;
  /// The actor of each active group hosted here.
  std::unordered_map<std::int64_t, group_actor> groups;
  /// Which group each monitored actor serves.
  std::unordered_map<caf::actor_addr, std::int64_t> group_of;
  /// Groups whose actor failed: the next one tells their online members
  /// to read their backlog again.
  std::unordered_set<std::int64_t> failed;
  /// Whether this hub's predecessor failed on a cluster node, and the
  /// groups whose first actor since then had every member read again.
  bool restarted_in_cluster = false;
  std::unordered_set<std::int64_t> recovered;
  /// The hubs of the cluster's other nodes.
  std::map<node_number, peer_group_hub_actor> peers;
  /// The commands relayed to each peer and not answered yet: a lost peer
  /// never answers them, so they are answered `unavailable` at once.
  std::map<node_number, std::unordered_set<relay_ptr>> relays;
  /// This hub's count in `troupe_group_actors`.
  telemetry::gauge_share running;
  static inline const char* name = "group_hub";
};

/// Keeps one actor per active group (Tinode's hub): it starts a group's
/// actor on the first request about the group and passes every request to
/// it. A group actor that fails is forgotten, and its group's next request
/// starts a fresh one, which reads the group again from storage (a group
/// actor holds nothing that is not stored) and has the online members
/// read their backlog again: what the failed one stored and never handed
/// out reaches them, before what the new one hands out. An idle group actor
/// asks to stop; the hub forgets it first, so no request reaches a stopping
/// actor. A hub that is `restarted` lost its group actors with it, and with
/// them maybe fan-outs of stored messages: once every persistence worker has
/// run what was queued before (so those messages are committed), it has
/// every online session read its backlog again; on a cluster node, each
/// group's first actor after it also has the group's members (on every
/// node) read again. A group actor that says it
/// is `idle` (or was superseded) is told `stop` (`group_hub_actor`).
///
/// In a cluster each group has one actor: the hub places a group on one of
/// the live nodes it knows, itself (`host`) and the peers whose hubs the
/// cluster link gave it (`peer_up`), by rendezvous hashing
/// (domain/group_placement.hpp), so every hub that knows the same nodes
/// places it alike. A request for a group placed here goes to its actor; one
/// placed on a peer is relayed to that peer's hub, and its answer passed
/// back; a peer that does not answer within `request_timeout`, or is lost
/// meanwhile, makes it `unavailable`. A request a peer relayed here runs
/// here, whatever this hub's placement says. A lost peer's groups move to
/// the remaining nodes at their next request; when a peer comes up, the
/// actors here of the groups it now takes are let go. Only the actor that
/// claimed a group last can write it (domain/group_claims.hpp).
group_hub_actor::behavior_type
group_hub(group_hub_actor::stateful_pointer<group_hub_state> self,
          context_ptr ctx, domain::group_host host, bool restarted);

} // namespace troupe::actors
