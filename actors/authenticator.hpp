#pragma once

#include <optional>
#include <string>

#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/context.hpp"
#include "actors/login_limiter.hpp"

namespace troupe::actors {

struct authenticator_state {
  /// Set when the behavior starts, from the node's settings.
  std::optional<login_limiter> limiter;
  static inline const char* name = "authenticator";
};

/// Checks credentials and creates accounts, for WebSocket sessions and the
/// HTTP API alike. It only orchestrates: lookups go to the persistence
/// workers, argon2id to the hashing workers, so it never blocks. Messages:
/// - `(login, username, password)` → `(user_id, username)`, or
///   `auth_failed` (unknown user and wrong password alike, at the same
///   cost: an unknown user is checked against `dummy_hash`) or
///   `rate_limited` (past the failure limit, whatever the password)
/// - `(signup, register_command)` → user_id, or `username_taken`
/// Storage faults answer `unavailable`.
caf::behavior authenticator(caf::stateful_actor<authenticator_state>* self,
                            context_ptr ctx, std::string dummy_hash);

} // namespace troupe::actors
