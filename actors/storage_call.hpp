#pragma once

#include <functional>
#include <optional>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/expected.hpp>
#include <caf/message.hpp>

#include "storage/adapter.hpp"

namespace troupe::actors {

/// A piece of storage work for a persistence worker. It runs inside the
/// worker's batch transaction, next to the calls of other sessions, and its
/// answer goes to the requester once the batch committed. The functions in
/// `store_calls.hpp` make them; each documents what it answers.
struct storage_call {
  using body = std::function<caf::expected<caf::message>(storage::adapter&)>;

  storage_call() = default;

  storage_call(bool writes, body run,
               std::optional<storage::contact_query> looks_up = std::nullopt)
    : writes(writes), run(std::move(run)), looks_up(std::move(looks_up)) {
    // nop
  }

  /// Whether the call writes: a batch with a write runs in a transaction.
  bool writes = false;
  /// Does the work and returns the answer, or an error: a protocol error for
  /// an outcome the client hears about (e.g. `not_friends`), a storage
  /// error for a fault of the store.
  body run;
  /// A contact that `run` looks up, if any: the worker reads a batch's
  /// contacts at once before running its calls.
  std::optional<storage::contact_query> looks_up;
};

} // namespace troupe::actors

// Persistence workers serve their own node only: no serialisation needed.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(troupe::actors::storage_call)
