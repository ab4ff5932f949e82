#include "actors/alarm.hpp"

#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

namespace troupe::actors {

alarm_actor::behavior_type alarm_clock(alarm_actor::pointer) {
  return {
    [](const alarm_target& target, caf::atom_value tick) {
      if (auto owner = target.lock())
        if (auto alive = caf::actor_cast<caf::actor>(*owner))
          caf::anon_send(alive, tick);
    },
  };
}

} // namespace troupe::actors
