#include "actors/alarm.hpp"

#include <caf/actor_cast.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include "actors/message_types.hpp"
#include "actors/services.hpp"

namespace troupe::actors {

alarm_handle::alarm_handle(caf::actor_addr owner)
  : owner_(std::make_shared<const caf::actor_addr>(std::move(owner))) {
  // nop
}

void alarm_handle::send_later(caf::actor_system& sys, caf::timespan delay,
                              caf::atom_value tick) const {
  if (!owner_)
    return;
  // Anonymous: a message's sender is held as its receiver is.
  if (auto clock = lookup(sys, names::alarm))
    caf::delayed_anon_send(clock, delay, alarm_target{owner_}, tick);
  else if (auto owner = caf::actor_cast<caf::actor>(*owner_))
    caf::delayed_anon_send(owner, delay, tick);
}

caf::behavior alarm_actor(caf::event_based_actor*) {
  return {
    [](const alarm_target& target, caf::atom_value tick) {
      if (auto owner = target.lock())
        if (auto alive = caf::actor_cast<caf::actor>(*owner))
          caf::anon_send(alive, tick);
    },
  };
}

} // namespace troupe::actors
