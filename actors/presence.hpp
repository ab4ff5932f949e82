#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include <caf/fwd.hpp>

#include "protocol/ids.hpp"
#include "protocol/payloads.hpp"

namespace troupe::actors {

struct user_state;

/// What a session knows to tell the user's friends about presence.
struct presence_state {
  /// The user's friends: id → username. Loaded at login, reloaded when a
  /// friendship changes.
  std::unordered_map<protocol::user_id, std::string> friends;
  bool friends_loaded = false;
  /// Whether this login replaced another live session of the user (no
  /// change of presence then); unknown until the directory answers.
  std::optional<bool> replaced_other;
  /// Whether friends heard that the user came online.
  bool announced = false;
  std::optional<protocol::location> location;
};

using user_actor_ptr = caf::stateful_actor<user_state>*;

namespace presence {

/// Loads the user's friends after login; announces the user online once
/// it is known that this login did not replace a live session.
void start(user_actor_ptr self);

/// Takes the directory's answer to this session's attach.
void on_attached(user_actor_ptr self, bool replaced_other);

/// Reads the user's friends again (a friendship changed).
void reload_friends(user_actor_ptr self);

/// Tells every online friend where the user is now.
void announce_location(user_actor_ptr self, protocol::location where);

/// Tells every online friend that the user went offline.
void announce_offline(user_actor_ptr self);

} // namespace presence

} // namespace troupe::actors
