#include "actors/persistence.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <unordered_map>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "telemetry/log.hpp"

namespace troupe::actors {

namespace {

using self_ptr = persistence_actor::stateful_pointer<persistence_state>;
using outcome = caf::expected<storage_answer>;

/// How often a batch runs again after a deadlock or lock wait timeout.
constexpr int max_retries = 3;

void count_queued(self_ptr self) {
  self->state.queued.set(static_cast<std::int64_t>(self->state.queue.size()));
}

void schedule_batch(self_ptr self) {
  if (!self->state.batch_scheduled) {
    self->state.batch_scheduled = true;
    // Queued behind every call that arrived before it: they share a batch.
    self->send(self, atoms::batch_atom_v);
  }
}

bool is_store_fault(const outcome& result, storage::errc code) {
  return !result && result.error() == code;
}

void report_reachability(self_ptr self) {
  auto& st = self->state;
  auto reachable = st.db->connected();
  if (reachable == st.reachable)
    return;
  st.reachable = reachable;
  if (reachable)
    telemetry::log_info("storage: reachable again");
  else
    telemetry::log_warning("storage: unavailable: " + st.db->last_error());
}

/// Tells the store what `calls` will look up (a hint: a store may read it
/// all at once). A failure costs nothing but the saving: each call then
/// looks up its own and meets the fault there.
void give_hint(storage::adapter& db,
               const std::vector<persistence_state::queued_call>& calls) {
  storage::batch_hint hint;
  for (auto& q : calls)
    if (q.call.looks_up)
      hint.contacts.push_back(*q.call.looks_up);
  if (!hint.contacts.empty())
    static_cast<void>(db.take_hint(hint));
}

/// Runs `calls` in one transaction (when any writes) and returns their
/// outcomes, or stops at the first store fault and returns its index.
struct attempt {
  std::vector<outcome> outcomes;
  std::size_t fault_at = 0;
  bool faulted = false;
  bool committed = false;
};

attempt run_once(storage::adapter& db,
                 const std::vector<persistence_state::queued_call>& calls) {
  attempt a;
  auto writes = std::any_of(calls.begin(), calls.end(),
                            [](auto& q) { return q.call.writes; });
  if (writes) {
    if (auto began = db.begin(); !began) {
      a.outcomes.assign(calls.size(), outcome{caf::make_error(began.error())});
      a.faulted = true;
      return a;
    }
    give_hint(db, calls);
  }
  for (auto& q : calls) {
    a.outcomes.push_back(q.call.run(db));
    auto& last = a.outcomes.back();
    if (is_store_fault(last, storage::errc::unavailable)
        || is_store_fault(last, storage::errc::internal)) {
      a.fault_at = a.outcomes.size() - 1;
      a.faulted = true;
      db.rollback();
      return a;
    }
  }
  if (writes) {
    if (auto done = db.commit(); !done) {
      db.rollback();
      a.fault_at = calls.size();
      a.faulted = true;
      return a;
    }
  }
  a.committed = true;
  return a;
}

void answer(persistence_state::queued_call& q, outcome& result) {
  if (result)
    q.answer.deliver(std::move(*result));
  else
    q.answer.deliver(std::move(result.error()));
}

/// Returns whether nobody waits for `q` any more: its requester stopped, or
/// waited as long as it waits and gave up.
bool abandoned(const persistence_state::queued_call& q,
               caf::actor_clock::time_point now, caf::timespan deadline) {
  auto requester = q.answer.next();
  if (requester == nullptr)
    return false; // anonymous: nobody waits, and it must still run
  auto* actor = caf::actor_cast<caf::abstract_actor*>(requester);
  return actor->getf(caf::abstract_actor::is_terminated_flag)
         || now - q.arrived >= deadline;
}

/// Answers, unrun, every queued call nobody waits for any more.
void drop_abandoned(self_ptr self) {
  auto& st = self->state;
  auto now = self->clock().now();
  std::vector<persistence_state::queued_call> kept;
  kept.reserve(st.queue.size());
  for (auto& q : st.queue) {
    if (abandoned(q, now, st.call_deadline)) {
      st.metrics->storage_calls_dropped.fetch_add(1, std::memory_order_relaxed);
      q.answer.deliver(caf::make_error(caf::sec::request_timeout));
    } else {
      kept.push_back(std::move(q));
    }
  }
  st.queue = std::move(kept);
}

/// Returns which of `queue` the next batch of at most `max_batch` takes
/// when they do not all fit: one requester must not fill every batch ahead
/// of the others. Anonymous calls come first (acknowledgements: a later
/// call of the same user may read behind them), then one call of each
/// requester in turn, each requester's calls in their order.
std::vector<bool>
fair_share(const std::vector<persistence_state::queued_call>& queue,
           std::size_t max_batch) {
  std::vector<bool> chosen(queue.size(), false);
  std::size_t count = 0;
  std::vector<std::vector<std::size_t>> by_requester;
  std::unordered_map<caf::abstract_actor*, std::size_t> requester_slot;
  for (std::size_t i = 0; i < queue.size(); ++i) {
    auto requester = queue[i].answer.next();
    if (requester == nullptr) {
      if (count < max_batch) {
        chosen[i] = true;
        ++count;
      }
      continue;
    }
    auto* actor = caf::actor_cast<caf::abstract_actor*>(requester);
    auto [slot, added] = requester_slot.emplace(actor, by_requester.size());
    if (added)
      by_requester.emplace_back();
    by_requester[slot->second].push_back(i);
  }
  for (std::size_t turn = 0; count < max_batch; ++turn) {
    auto any = false;
    for (auto& calls : by_requester) {
      if (turn >= calls.size() || count == max_batch)
        continue;
      chosen[calls[turn]] = true;
      ++count;
      any = true;
    }
    if (!any)
      break;
  }
  return chosen;
}

/// Takes the next batch off the queue, less the calls nobody waits for.
/// While the queue fits in one batch that is all of it, in arrival order;
/// past that each requester gets its fair share (`fair_share`). A batch
/// runs its calls in arrival order.
std::vector<persistence_state::queued_call> next_batch(self_ptr self) {
  auto& st = self->state;
  drop_abandoned(self);
  std::vector<persistence_state::queued_call> batch;
  if (st.queue.size() <= st.max_batch) {
    batch.swap(st.queue);
    return batch;
  }
  auto chosen = fair_share(st.queue, st.max_batch);
  std::vector<persistence_state::queued_call> left;
  left.reserve(st.queue.size() - st.max_batch);
  for (std::size_t i = 0; i < st.queue.size(); ++i)
    (chosen[i] ? batch : left).push_back(std::move(st.queue[i]));
  st.queue = std::move(left);
  return batch;
}

/// Runs one batch. A call that fails with `internal` is answered alone and
/// the others run again: one bad call does not fail its neighbours.
void run_batch(self_ptr self) {
  auto& st = self->state;
  st.batch_scheduled = false;
  auto batch = next_batch(self);
  count_queued(self);
  if (!st.queue.empty())
    schedule_batch(self);
  if (batch.empty())
    return;
  auto& metrics = *st.metrics;
  metrics.batch_calls.observe(batch.size());
  auto started = std::chrono::steady_clock::now();
  ++st.batches_run;
  st.calls_served += batch.size();
  // Timed before the last answers go out: a caller that reads the metrics
  // once answered finds its batch counted in both.
  auto timed = false;
  auto time_batch = [&] {
    timed = true;
    metrics.batch_ns.observe(static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now() - started)
        .count()));
  };
  auto retries = max_retries;
  while (!batch.empty()) {
    auto a = run_once(*st.db, batch);
    if (!a.faulted) {
      time_batch();
      for (std::size_t i = 0; i < batch.size(); ++i)
        answer(batch[i], a.outcomes[i]);
      break;
    }
    auto internal
      = a.fault_at < a.outcomes.size()
        && is_store_fault(a.outcomes[a.fault_at], storage::errc::internal);
    if (!internal && st.db->connected() && retries-- > 0) {
      // A deadlock, a lock wait timeout, or a commit that met a conflict
      // the store checks only then (a repeated request id, see
      // `adapter::commit`): the store is up and rolled the batch back, so
      // it runs again at once.
      continue;
    }
    if (!internal) {
      metrics.storage_unavailable.fetch_add(1, std::memory_order_relaxed);
      time_batch();
      // Nothing of the batch was stored: every caller may retry.
      for (auto& q : batch)
        q.answer.deliver(caf::make_error(storage::errc::unavailable));
      break;
    }
    metrics.storage_internal.fetch_add(1, std::memory_order_relaxed);
    telemetry::log_error("storage: a call failed: " + st.db->last_error());
    batch[a.fault_at].answer.deliver(caf::make_error(storage::errc::internal));
    batch.erase(batch.begin() + static_cast<std::ptrdiff_t>(a.fault_at));
  }
  if (!timed)
    time_batch(); // every call failed on its own
  report_reachability(self);
}

} // namespace

persistence_actor::behavior_type
persistence_worker(persistence_actor::stateful_pointer<persistence_state> self,
                   storage::settings settings, std::size_t max_batch,
                   caf::timespan call_deadline,
                   telemetry::metrics_ptr metrics) {
  auto& st = self->state;
  st.metrics = std::move(metrics);
  st.call_deadline = call_deadline;
  st.queued.bind(&st.metrics->persistence_queue);
  st.db = storage::make_adapter(settings);
  st.max_batch = std::max<std::size_t>(1, max_batch);
  // A stray error message (a requester that died, say) must not stop the
  // worker: CAF's default would.
  self->set_error_handler([](caf::error& err) {
    telemetry::log_warning("storage: ignoring an error message: "
                           + describe(err));
  });
  // Stopping with calls queued: answer them, so nobody waits in vain.
  self->set_exit_handler([self](caf::exit_msg& em) {
    for (auto& q : self->state.queue)
      q.answer.deliver(caf::make_error(storage::errc::unavailable));
    self->state.queue.clear();
    count_queued(self);
    self->quit(em.reason);
  });
  return {
    [self](atoms::batch_atom) { run_batch(self); },
    [self](atoms::run_atom, storage_job& call) {
      auto promise = self->make_response_promise<storage_answer>();
      self->state.queue.push_back(
        {std::move(call), promise, self->clock().now()});
      count_queued(self);
      schedule_batch(self);
      return promise;
    },
    [self](caf::get_atom) -> caf::result<std::size_t, std::size_t> {
      return {self->state.batches_run, self->state.calls_served};
    },
  };
}

} // namespace troupe::actors
