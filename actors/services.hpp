#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <caf/actor.hpp>
#include <caf/actor_registry.hpp>
#include <caf/actor_system.hpp>
#include <caf/atom.hpp>
#include <caf/fwd.hpp>

#include "actors/context.hpp"
#include "actors/interfaces.hpp"

namespace troupe::actors {

/// The registry names of the node's supervised actors. The supervisor puts
/// each child under its name at every (re)start, so a lookup always finds
/// the live one, or nothing while it restarts.
namespace names {

/// A registry name, and the interface of the actor found under it.
template <class Handle>
struct service {
  caf::atom_value name;
};

constexpr service<directory_actor> directory{caf::atom("directory")};
constexpr service<authenticator_actor> authenticator{caf::atom("auth")};
constexpr service<group_hub_actor> groups{caf::atom("groups")};
/// Delivers sessions' timer ticks without keeping them alive (`alarm`).
constexpr service<alarm_actor> alarm{caf::atom("alarm")};

/// Returns the name of persistence worker `index` ("persist0", ...).
service<persistence_actor> persistence(std::size_t index);

/// Returns the name of hashing worker `index` ("hasher0", ...).
service<hasher_actor> hasher(std::size_t index);

} // namespace names

/// Returns the actor registered as `name`; invalid while it restarts.
template <class Handle>
Handle lookup(caf::actor_system& sys, names::service<Handle> name) {
  return sys.registry().get<Handle>(name.name);
}

/// Returns the persistence worker that serves `key`: one key, one worker, so
/// the writes about one user or conversation keep their order.
persistence_actor persistence_for(caf::actor_system& sys,
                                  const node_context& ctx, std::uint64_t key);

/// Returns a key for `persistence_for` from a username.
std::uint64_t key_of(std::string_view username);

} // namespace troupe::actors
