#pragma once

#include <optional>
#include <string>

#include <caf/stateful_actor.hpp>

#include "actors/context.hpp"
#include "actors/hash_queue.hpp"
#include "actors/interfaces.hpp"
#include "actors/login_limiter.hpp"
#include "actors/windowed_counts.hpp"

namespace troupe::actors {

struct authenticator_state {
  /// Set when the behavior starts, from the node's settings.
  std::optional<login_limiter> limiter;
  /// Registrations tried per address, in one-minute windows.
  std::optional<windowed_counts> registrations;
  /// The hashing jobs out at the workers.
  std::optional<hash_queue> hashing;
  static inline const char* name = "authenticator";
};

/// Checks credentials and creates accounts, for WebSocket sessions and the
/// HTTP API alike. It only orchestrates: lookups go to the persistence
/// workers, argon2id to the hashing workers (at most `auth.max_hash_queue`
/// jobs out; a job carries its requester and deadline, so work nobody waits
/// for is never hashed), so it never blocks. `address` is the client's
/// address, from its socket (`authenticator_actor`):
/// - `login` answers the user, or
///   `auth_failed` (unknown user and wrong password alike, at the same
///   cost: an unknown user is checked against `dummy_hash`; a name no
///   account can have at once, uncounted) or `rate_limited` (past a limit
///   of `login_limiter`, whatever the password, or the hashing queue full)
/// - `signup` answers the new user's id, or `username_taken`,
///   or `unavailable` with a text saying why (past
///   `auth.registrations_per_minute` for the address, or the hashing queue
///   full): nothing was stored, retry later
/// Storage faults answer `unavailable`.
authenticator_actor::behavior_type
authenticator(authenticator_actor::stateful_pointer<authenticator_state> self,
              context_ptr ctx, std::string dummy_hash);

} // namespace troupe::actors
