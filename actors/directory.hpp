#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/timespan.hpp>

#include "actors/interfaces.hpp"
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

  /// The live session of each online user.
  std::unordered_map<protocol::user_id, entry> sessions;
  /// Whose session each monitored actor is, to clean up when it stops.
  std::unordered_map<caf::actor_addr, protocol::user_id> owners;
  /// Kept for `online`, which points into it.
  telemetry::metrics_ptr metrics;
  /// This directory's count in `troupe_sessions_online`: a successor
  /// starts from none, as its sessions attach again.
  telemetry::gauge_share online;
  static inline const char* name = "directory";
};

/// The node's map from user id to the user's live session, enforcing one
/// live session per user, and the router of pushes to online users
/// (`directory_actor`, whose messages say what each does).
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
/// stops, however it stops. Sessions are addressed by actor handle, so a
/// directory on another node can hold them too once nodes form a cluster.
directory_actor::behavior_type
directory(directory_actor::stateful_pointer<directory_state> self,
          telemetry::metrics_ptr metrics, caf::timespan handover_timeout);

} // namespace troupe::actors
