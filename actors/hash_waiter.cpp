#include "actors/hash_waiter.hpp"

#include <caf/abstract_actor.hpp>

namespace troupe::actors {

bool hash_waiter::expired(caf::actor_clock::time_point now) const {
  if (now >= deadline)
    return true;
  auto alive = requester.lock();
  return !alive || alive->get()->getf(caf::abstract_actor::is_terminated_flag);
}

} // namespace troupe::actors
