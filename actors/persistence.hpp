#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "storage/adapter.hpp"
#include "storage/settings.hpp"

namespace troupe::actors {

/// One storage call waiting for its batch.
struct pending_call {
  /// Whether the call writes: a batch with a write runs in a transaction.
  bool writes = false;
  /// Makes the call; keeps its outcome for `answer`.
  std::function<void(storage::adapter&)> run;
  /// Answers the requester once the batch committed (`true`) or failed.
  std::function<void(bool committed)> answer;
};

struct persistence_state {
  std::unique_ptr<storage::adapter> db;
  /// Calls received since the last batch, in arrival order.
  std::vector<pending_call> queue;
  /// Most calls one transaction serves.
  std::size_t max_batch = 1024;
  /// Whether a `batch` message to self is on its way.
  bool batch_scheduled = false;
  /// Whether the store was reachable at the end of the last batch; logs
  /// report changes only.
  bool reachable = true;
  /// Batches run and calls served so far.
  std::size_t batches_run = 0;
  std::size_t calls_served = 0;
  static inline const char* name = "persistence";
};

/// A persistence worker: owns one storage connection and serves storage
/// calls in batches. A call is queued, and a `batch` message to self is
/// queued behind it; when it arrives, every call received meanwhile runs in
/// one transaction (group commit) and is answered after the commit. Spawn it
/// `detached`: storage calls block. Messages:
/// - `(user_new, new_user)` → user_id; `conflict` when the name is taken
/// - `(user_find, username)` → user_record; `not_found`
/// - `(profile, user_id, profile_update)` → ok; `not_found`
/// - `(health)` → ok when the store answers
/// - `(get)` → `(batches_run, calls_served)`
/// Failures come back as `storage::errc` errors; `unavailable` means nothing
/// was stored.
caf::behavior persistence_worker(caf::stateful_actor<persistence_state>* self,
                                 storage::settings settings,
                                 std::size_t max_batch);

} // namespace troupe::actors
