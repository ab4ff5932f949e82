#pragma once

#include <functional>
#include <optional>

#include <caf/fwd.hpp>

#include "actors/interfaces.hpp"
#include "protocol/payloads.hpp"

namespace troupe::actors {

/// What a session tells the user's friends about presence.
struct presence_state {
  /// Whether the first attach to the directory was answered: later ones
  /// (after a directory restart) are no new login.
  bool attached_once = false;
  std::optional<protocol::location> location;
};

namespace presence {

/// Takes the directory's answer to this session's attach: a login that did
/// not replace a live session of the user tells the user's friends.
void on_attached(user_actor_ptr self, bool replaced_other);

/// Tells every online friend where the user is now.
void announce_location(user_actor_ptr self, protocol::location where);

/// Tells every online friend that the user went offline, then runs
/// `done` (also when storage cannot list the friends).
void announce_offline(user_actor_ptr self, std::function<void()> done);

/// Tells the user which of its friends among `users` (whose node the
/// cluster lost, or linked again) went offline or are back: presence
/// pushes, as if each had logged out or in.
void announce_node_presence(user_actor_ptr self, const member_set& users,
                            bool online);

} // namespace presence

} // namespace troupe::actors
