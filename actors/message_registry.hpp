#pragma once

#include <caf/fwd.hpp>

namespace troupe::actors {

/// Adds every type that a message between nodes may carry to `cfg`, by
/// name: the values of the interfaces that cross nodes
/// (`interfaces.hpp`) and those interfaces' handles. CAF 0.17 finds a
/// remote message's types by these names; one that is missing on the
/// receiving node arrives as an empty message. So every node runs this,
/// before its actor system starts, and a test round-trips each type.
void register_message_types(caf::actor_system_config& cfg);

} // namespace troupe::actors
