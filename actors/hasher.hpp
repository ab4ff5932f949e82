#pragma once

#include "actors/interfaces.hpp"
#include "protocol/password.hpp"
#include "telemetry/metrics.hpp"

namespace troupe::actors {

/// A password hashing worker. argon2id blocks for ~150 ms at the interactive
/// cost, so each worker is spawned `detached` (its own thread) and keeps
/// this work off the network and actor scheduler threads
/// (`hasher_actor`). Either message answers `unavailable` without hashing
/// when its waiter has expired (counted in `hash_jobs_dropped`).
hasher_actor::behavior_type hasher(hasher_actor::pointer self,
                                   protocol::hash_cost cost,
                                   telemetry::metrics_ptr metrics);

} // namespace troupe::actors
