#pragma once

#include <cstdint>
#include <unordered_map>

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "protocol/ids.hpp"

namespace troupe::actors {

struct directory_state {
  struct entry {
    caf::actor session;
    /// When the session authenticated (ns since the epoch): of two sessions
    /// of one user, the later login wins, whatever order they attach in.
    std::int64_t login_time = 0;
  };

  /// The live session of each online user.
  std::unordered_map<protocol::user_id, entry> sessions;
  /// Whose session each monitored actor is, to clean up when it stops.
  std::unordered_map<caf::actor_addr, protocol::user_id> owners;
  static inline const char* name = "directory";
};

/// The node's map from user id to the user's session actor, enforcing one
/// live session per user. Messages:
/// - `(attach, uid, session, login_time)` → `ok`: records `session`; an older
///   session of the user is told `replaced`, and so is `session` itself if
///   a later login holds the slot.
/// - `(lookup, uid)` → the session, or an invalid handle when offline.
/// - `(shutdown)`: tells every session `shutdown`.
///
/// The directory monitors every session it holds and forgets it when it
/// stops, however it stops. Sessions are addressed by actor handle, so a directory on another node
/// can hold them too once nodes form a cluster.
caf::behavior directory(caf::stateful_actor<directory_state>* self);

} // namespace troupe::actors
