#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <caf/actor.hpp>
#include <caf/atom.hpp>
#include <caf/fwd.hpp>

#include "actors/context.hpp"

namespace troupe::actors {

/// The registry names of the node's supervised actors. The supervisor puts
/// each child under its name at every (re)start, so a lookup always finds
/// the live one, or nothing while it restarts.
namespace names {

constexpr caf::atom_value directory = caf::atom("directory");
constexpr caf::atom_value authenticator = caf::atom("auth");
constexpr caf::atom_value groups = caf::atom("groups");
/// Delivers sessions' timer ticks without keeping them alive (`alarm`).
constexpr caf::atom_value alarm = caf::atom("alarm");

/// Returns the name of persistence worker `index` ("persist0", ...).
caf::atom_value persistence(std::size_t index);

/// Returns the name of hashing worker `index` ("hasher0", ...).
caf::atom_value hasher(std::size_t index);

} // namespace names

/// Returns the actor registered as `name`; invalid while it restarts.
caf::actor lookup(caf::actor_system& sys, caf::atom_value name);

/// Returns the persistence worker that serves `key`: one key, one worker, so
/// the writes about one user or conversation keep their order.
caf::actor persistence_for(caf::actor_system& sys, const node_context& ctx,
                           std::uint64_t key);

/// Returns a key for `persistence_for` from a username.
std::uint64_t key_of(std::string_view username);

} // namespace troupe::actors
