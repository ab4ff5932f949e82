#pragma once

#include "actors/interfaces.hpp"

namespace troupe::actors {

/// The node's alarm (see `alarm_handle.hpp` for why there is one):
/// forwards `(alarm_target, tick)` to the target's actor if it is still
/// there.
alarm_actor::behavior_type alarm_clock(alarm_actor::pointer self);

} // namespace troupe::actors
