#pragma once

#include <caf/behavior.hpp>
#include <caf/fwd.hpp>

#include "protocol/password.hpp"

namespace troupe::actors {

/// A password hashing worker. argon2id blocks for ~150 ms at the interactive
/// cost, so each worker is spawned `detached` (its own thread) and keeps
/// this work off the network and actor scheduler threads. Messages:
/// - `(hash, password)` → the hash string
/// - `(verify, hash, password)` → bool
caf::behavior hasher(caf::event_based_actor* self, protocol::hash_cost cost);

} // namespace troupe::actors
