#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include <caf/actor_clock.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/interfaces.hpp"
#include "actors/storage_call.hpp"
#include "storage/adapter.hpp"
#include "storage/settings.hpp"
#include "telemetry/metrics.hpp"

namespace troupe::actors {

struct persistence_state {
  struct queued_call {
    storage_job call;
    caf::response_promise answer;
    /// When the call arrived: one waiting longer than its requester does is
    /// not run.
    caf::actor_clock::time_point arrived;
  };

  std::unique_ptr<storage::adapter> db;
  /// Calls received since the last batch, in arrival order.
  std::vector<queued_call> queue;
  /// Most calls one transaction serves.
  std::size_t max_batch = 1024;
  /// How long a requester waits for an answer (the node's request timeout).
  caf::timespan call_deadline{};
  /// Whether a `batch` message to self is on its way.
  bool batch_scheduled = false;
  /// Whether the store was reachable after the last batch; logs report
  /// changes only.
  bool reachable = true;
  /// Batches run and calls answered so far.
  std::size_t batches_run = 0;
  std::size_t calls_served = 0;
  telemetry::metrics_ptr metrics;
  /// This worker's part of `troupe_persistence_queue_depth`.
  telemetry::gauge_share queued;
  static inline const char* name = "persistence";
};

/// A persistence worker: owns one storage connection and runs storage calls
/// in batches. A call is queued, and a `batch` message to self is queued
/// behind it; when that comes up, every call received meanwhile (up to
/// `max_batch`) runs in one transaction (group commit), in arrival order,
/// and each is answered after the commit. A call's own outcome (e.g.
/// `not_friends`) leaves the others alone; a store fault rolls the batch
/// back: a batch the store could not keep while it stays up (a deadlock, a
/// conflict met only at commit) runs again, at most three times;
/// `unavailable` answers every call (nothing was stored), while an
/// `internal` fault answers its own call and the rest run again without it.
/// When more calls wait than one batch takes, each requester gets its
/// share of the batch (anonymous calls first, then one of each requester in
/// turn): a session with many calls queued cannot hold everyone else back.
/// A call whose requester has stopped, or has waited `call_deadline` (and
/// so has given up, telling its client `unavailable`), is dropped unrun:
/// the store does no work nobody waits for. Anonymous calls (acks) always
/// run. Spawn it `detached`: storage calls block (`persistence_actor`).
persistence_actor::behavior_type
persistence_worker(persistence_actor::stateful_pointer<persistence_state> self,
                   storage::settings settings, std::size_t max_batch,
                   caf::timespan call_deadline, telemetry::metrics_ptr metrics);

} // namespace troupe::actors
