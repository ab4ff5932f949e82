#pragma once

#include <caf/actor_clock.hpp>
#include <caf/actor_control_block.hpp>
#include <caf/behavior.hpp>
#include <caf/fwd.hpp>

#include "protocol/password.hpp"
#include "telemetry/metrics.hpp"

namespace troupe::actors {

/// Who waits for a hashing job, and until when. A job nobody waits for any
/// more is dropped unhashed: hashing it would only delay the jobs behind.
struct hash_waiter {
  /// The client's actor (a session, or the HTTP call's), not held alive.
  caf::weak_actor_ptr requester;
  caf::actor_clock::time_point deadline;

  /// Returns whether the requester has gone or `now` is past the deadline.
  bool expired(caf::actor_clock::time_point now) const;
};

/// A password hashing worker. argon2id blocks for ~150 ms at the interactive
/// cost, so each worker is spawned `detached` (its own thread) and keeps
/// this work off the network and actor scheduler threads. Messages:
/// - `(hash, waiter, password)` → the hash string
/// - `(verify, waiter, hash, password)` → bool
/// Either answers `unavailable` without hashing when `waiter` has expired
/// (counted in `hash_jobs_dropped`).
caf::behavior hasher(caf::event_based_actor* self, protocol::hash_cost cost,
                     telemetry::metrics_ptr metrics);

} // namespace troupe::actors
