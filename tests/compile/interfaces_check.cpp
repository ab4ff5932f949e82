// Compiled by CTest, never linked: as it is it must compile; with
// TROUPE_MISMATCH=1 (a storage call) or 2 (a message) it must not. So a handler
// that does not take what a storage call answers, or a message an actor's
// interface does not list, is refused by the compiler, as
// `actors/interfaces.hpp` promises.

#include <vector>

#include <caf/event_based_actor.hpp>

#include "actors/atoms.hpp"
#include "actors/interfaces.hpp"
#include "actors/store_calls.hpp"
#include "actors/store_request.hpp"

#ifndef TROUPE_MISMATCH
#define TROUPE_MISMATCH 0
#endif

namespace troupe::actors {

void ask_the_store(caf::event_based_actor* self, persistence_actor worker) {
  auto ignore = [](caf::error&) {};
#if TROUPE_MISMATCH != 1
  ask_store(
    self, worker, caf::timespan{1}, store_calls::find_user("alice"),
    [](storage::user_record&) {}, ignore);
#else
  // `find_user` answers a user record, not an id.
  ask_store(
    self, worker, caf::timespan{1}, store_calls::find_user("alice"),
    [](protocol::user_id&) {}, ignore);
#endif
}

void ask_the_directory(caf::event_based_actor* self, directory_actor dir) {
#if TROUPE_MISMATCH != 2
  self->send(dir, atoms::online_atom_v, user_list{{1, 2}});
#else
  // The directory takes a `user_list`, not a bare vector.
  self->send(dir, atoms::online_atom_v, std::vector<protocol::user_id>{1, 2});
#endif
}

} // namespace troupe::actors
