#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/timespan.hpp>

#include "actors/interfaces.hpp"
#include "actors/peer_messages.hpp"
#include "actors/push_envelope.hpp"
#include "protocol/ids.hpp"
#include "telemetry/metrics.hpp"

namespace troupe::actors {

struct directory_state {
  struct entry {
    session_actor session;
    /// When the session authenticated (ns since the epoch): of two sessions
    /// of one user, the later login wins, whatever order they attach in.
    std::int64_t login_time = 0;
    /// Where the session's socket comes from.
    session_address address;
  };

  /// A user's live session on another node, as its directory announced it.
  struct remote_entry {
    node_number node = 0;
    std::int64_t login_time = 0;
    session_address address;
  };

  /// This node's number: it breaks ties between logins at the same instant
  /// on two nodes.
  node_number self_node = 0;
  /// How long a replaced session (here or on another node) may take to
  /// hand over, and another node's directory to answer.
  caf::timespan handover_timeout{};
  /// The live session of each user online on this node.
  std::unordered_map<protocol::user_id, entry> sessions;
  /// Whose session each monitored actor is, to clean up when it stops.
  std::unordered_map<caf::actor_addr, protocol::user_id> owners;
  /// The directory of each linked node, monitored: when one stops (its
  /// node was lost, or it restarted) its node's sessions are forgotten.
  std::unordered_map<node_number, peer_directory_actor> peers;
  /// The live session of each user online on another node. A user is in
  /// `sessions` or here, never in both.
  std::unordered_map<protocol::user_id, remote_entry> replica;
  /// Nodes lost whose users this directory announced offline: when one
  /// links again, its users are announced back.
  std::unordered_set<node_number> lost_nodes;
  /// Kept for `online`, which points into it.
  telemetry::metrics_ptr metrics;
  /// This directory's count in `troupe_sessions_online` and
  /// `troupe_cluster_remote_sessions`: a successor starts from none, as
  /// its sessions attach again and its peers tell it theirs.
  telemetry::gauge_share online;
  telemetry::gauge_share remote;
  static inline const char* name = "directory";
};

/// The node's map from user id to the user's live session, enforcing one
/// live session per user across the cluster, and the router of pushes to
/// online users (`directory_actor`, whose messages say what each does).
/// - `attach`: of two sessions of one user, the later login wins. The
///   replaced one is asked `replaced` (→ bool, once its acknowledgements
///   are stored), and the answer waits for it, at most `handover_timeout`,
///   so that the new session reads a backlog without what the old one saw
///   acknowledged. A stale attach (a later login holds the slot) tells
///   `session` itself `replaced`.
/// - `detach` answers false after a replacement.
/// - `deliver` and `fan_out` hand a push to a session as `(push,
///   envelope)`; stored pushes reach offline users at their next login.
/// - `resync` for `members` follows a group actor's failure (it may have
///   stored items it never handed out); for everyone, the group hub's.
/// The directory monitors every session it holds and forgets it when it
/// stops, however it stops.
///
/// Across nodes (`peer_directory_actor`, `directory_peers.cpp`): each
/// directory tells every linked node's directory of its sessions
/// (`peer_attach`, `peer_detach`, `peer_sync` at link time) and keeps a
/// replica of theirs. A login anywhere replaces an earlier one anywhere
/// (a tie at the same instant goes to the higher node number), and an
/// attach answers only once every linked directory has recorded it or
/// called it stale (at most `handover_timeout` each): from then on a push
/// for the user on any node is relayed to it, and what came before is in
/// the backlog it reads. Pushes and resyncs for sessions on another node
/// go to its directory once per node, which hands them to its own sessions
/// only. Without peers it behaves as one node's directory.
directory_actor::behavior_type
directory(directory_actor::stateful_pointer<directory_state> self,
          node_number self_node, telemetry::metrics_ptr metrics,
          caf::timespan handover_timeout);

} // namespace troupe::actors
