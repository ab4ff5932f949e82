#pragma once

#include <cstdint>
#include <vector>

/// Where a group's actor runs in a cluster.
namespace troupe::domain {

/// Returns the node, among `nodes` (the live nodes a node knows, itself
/// included; at least one), that hosts the actor of group `group_id`: the
/// node of highest weight for the group (rendezvous hashing). Every node
/// that knows the same nodes places a group alike, whatever their order;
/// a node that joins takes about its share of the groups, and one that
/// leaves gives up only the groups it held.
std::uint32_t place_group(std::int64_t group_id,
                          const std::vector<std::uint32_t>& nodes);

} // namespace troupe::domain
