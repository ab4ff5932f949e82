#include "actors/alarm_handle.hpp"

#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

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

} // namespace troupe::actors
