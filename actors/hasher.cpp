#include "actors/hasher.hpp"

#include <new>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"

namespace troupe::actors {

hasher_actor::behavior_type hasher(hasher_actor::pointer self,
                                   protocol::hash_cost cost,
                                   telemetry::metrics_ptr metrics) {
  auto dropped = [self, metrics](const hash_waiter& waiter) {
    if (!waiter.expired(self->clock().now()))
      return false;
    metrics->hash_jobs_dropped.fetch_add(1, std::memory_order_relaxed);
    return true;
  };
  return {
    [cost, dropped](atoms::hash_atom, const hash_waiter& waiter,
                    const std::string& password) -> caf::result<std::string> {
      if (dropped(waiter))
        return caf::make_error(protocol::error_code::unavailable);
      try {
        return protocol::hash_password(password, cost);
      } catch (const std::bad_alloc&) {
        // argon2id needs its memory cost at once; answer instead of dying.
        return caf::make_error(protocol::error_code::internal);
      }
    },
    [dropped](atoms::verify_atom, const hash_waiter& waiter,
              const std::string& hash,
              const std::string& password) -> caf::result<bool> {
      if (dropped(waiter))
        return caf::make_error(protocol::error_code::unavailable);
      return protocol::verify_password(hash, password);
    },
  };
}

} // namespace troupe::actors
