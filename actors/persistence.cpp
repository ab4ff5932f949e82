#include "actors/persistence.hpp"

#include <algorithm>
#include <iterator>

#include <caf/event_based_actor.hpp>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "actors/log.hpp"
#include "actors/message_types.hpp"

namespace troupe::actors {

namespace {

using self_ptr = caf::stateful_actor<persistence_state>*;

void schedule_batch(self_ptr self) {
  if (!self->state.batch_scheduled) {
    self->state.batch_scheduled = true;
    // Queued behind every call that arrived before it: they share a batch.
    self->send(self, atoms::batch_atom_v);
  }
}

template <class T>
void deliver(caf::response_promise& rp, storage::result<T>& outcome) {
  if (outcome)
    rp.deliver(std::move(*outcome));
  else
    rp.deliver(caf::make_error(outcome.error()));
}

void deliver(caf::response_promise& rp, storage::result<void>& outcome) {
  if (outcome)
    rp.deliver(caf::ok_atom_v);
  else
    rp.deliver(caf::make_error(outcome.error()));
}

/// Queues `call` (adapter& → storage::result<T>) for the next batch and
/// returns the promise its answer goes to.
template <class T, class Call>
caf::response_promise enqueue(self_ptr self, bool writes, Call call) {
  auto rp = self->make_response_promise();
  auto outcome = std::make_shared<storage::result<T>>(storage::errc::internal);
  self->state.queue.push_back(pending_call{
    writes,
    [outcome, call = std::move(call)](storage::adapter& db) mutable {
      *outcome = call(db);
    },
    [rp, outcome](bool committed) mutable {
      if (!committed)
        rp.deliver(caf::make_error(storage::errc::unavailable));
      else
        deliver(rp, *outcome);
    }});
  schedule_batch(self);
  return rp;
}

void report_reachability(self_ptr self, bool reachable) {
  auto& st = self->state;
  if (reachable == st.reachable)
    return;
  st.reachable = reachable;
  if (reachable)
    log_info("storage: reachable again");
  else
    log_warning("storage: unavailable: " + st.db->last_error());
}

/// Runs one batch: every queued call, up to `max_batch`, in one transaction
/// when any of them writes.
void run_batch(self_ptr self) {
  auto& st = self->state;
  st.batch_scheduled = false;
  auto n = std::min(st.queue.size(), st.max_batch);
  std::vector<pending_call> batch(std::make_move_iterator(st.queue.begin()),
                                  std::make_move_iterator(st.queue.begin()
                                                          + n));
  st.queue.erase(st.queue.begin(), st.queue.begin() + n);
  if (!st.queue.empty())
    schedule_batch(self);
  auto writes = std::any_of(batch.begin(), batch.end(),
                            [](auto& call) { return call.writes; });
  auto committed = !writes || static_cast<bool>(st.db->begin());
  if (committed) {
    for (auto& call : batch)
      call.run(*st.db);
    if (writes && !st.db->commit()) {
      st.db->rollback();
      committed = false;
    }
  }
  report_reachability(self, st.db->connected());
  ++st.batches_run;
  st.calls_served += batch.size();
  for (auto& call : batch)
    call.answer(committed);
}

} // namespace

caf::behavior persistence_worker(caf::stateful_actor<persistence_state>* self,
                                 storage::settings settings,
                                 std::size_t max_batch) {
  auto& st = self->state;
  st.db = storage::make_adapter(settings);
  st.max_batch = std::max<std::size_t>(1, max_batch);
  return {
    [self](atoms::batch_atom) { run_batch(self); },
    [self](atoms::user_create_atom, storage::new_user& user) {
      return enqueue<protocol::user_id>(
        self, true, [user = std::move(user)](storage::adapter& db) {
          return db.user_create(user);
        });
    },
    [self](atoms::user_find_atom, std::string& username) {
      return enqueue<storage::user_record>(
        self, false, [username = std::move(username)](storage::adapter& db) {
          return db.user_by_name(username);
        });
    },
    [self](atoms::profile_atom, protocol::user_id uid,
           protocol::profile_update& update) {
      return enqueue<void>(self, true,
                           [uid, update = std::move(update)](
                             storage::adapter& db) {
                             return db.user_update_profile(uid, update);
                           });
    },
    [self](caf::get_atom) {
      return caf::make_message(self->state.batches_run,
                               self->state.calls_served);
    },
    [self](atoms::health_atom) {
      return enqueue<void>(self, false,
                           [](storage::adapter& db) { return db.ping(); });
    },
  };
}

} // namespace troupe::actors
