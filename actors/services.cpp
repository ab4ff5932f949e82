#include "actors/services.hpp"

#include <functional>
#include <string>

#include <caf/actor_registry.hpp>
#include <caf/actor_system.hpp>

namespace troupe::actors {

namespace names {

service<persistence_actor> persistence(std::size_t index) {
  return {caf::atom_from_string("persist" + std::to_string(index))};
}

service<hasher_actor> hasher(std::size_t index) {
  return {caf::atom_from_string("hasher" + std::to_string(index))};
}

} // namespace names

persistence_actor persistence_for(caf::actor_system& sys,
                                  const node_context& ctx, std::uint64_t key) {
  return lookup(sys, names::persistence(key % ctx.persistence_workers));
}

std::uint64_t key_of(std::string_view username) {
  return std::hash<std::string_view>{}(username);
}

} // namespace troupe::actors
