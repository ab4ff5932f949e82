#include "actors/hasher.hpp"

#include <new>

#include <caf/event_based_actor.hpp>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"

namespace troupe::actors {

caf::behavior hasher(caf::event_based_actor*, protocol::hash_cost cost) {
  return {
    [cost](atoms::hash_atom,
           const std::string& password) -> caf::result<std::string> {
      try {
        return protocol::hash_password(password, cost);
      } catch (const std::bad_alloc&) {
        // argon2id needs its memory cost at once; answer instead of dying.
        return caf::make_error(protocol::error_code::internal);
      }
    },
    [](atoms::verify_atom, const std::string& hash,
       const std::string& password) {
      return protocol::verify_password(hash, password);
    },
  };
}

} // namespace troupe::actors
