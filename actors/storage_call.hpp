#pragma once

#include <any>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/expected.hpp>

#include "actors/errors.hpp"
#include "domain/result.hpp"
#include "storage/adapter.hpp"

namespace troupe::actors {

/// What a persistence worker answers for a call: the call's value, its
/// type erased on the way through the worker and restored by `ask_store`
/// (`store_request.hpp`), which only the call's own type reaches.
struct storage_answer {
  std::any value;
};

/// A storage call as a persistence worker runs it, whatever it answers.
struct storage_job {
  using body = std::function<caf::expected<storage_answer>(storage::adapter&)>;

  /// Whether the call writes: a batch with a write runs in a transaction.
  bool writes = false;
  /// Does the work; an error is a protocol error for an outcome the client
  /// hears about (e.g. `not_friends`), a storage error for a fault of the
  /// store.
  body run;
  /// A contact that `run` looks up, if any: the worker hints a batch's
  /// contacts to the store before running its calls (a network store reads
  /// them in one query).
  std::optional<storage::contact_query> looks_up;
};

/// A piece of storage work for a persistence worker, typed by what it
/// answers: a `T` (nothing but success for `void`). It runs inside the
/// worker's batch transaction, next to the calls of other sessions, and
/// its answer goes to the requester once the batch committed. The
/// functions in `store_calls.hpp` make them; `ask_store` sends them, and a
/// handler that does not take a `T` fails to compile there.
template <class T>
class storage_call {
 public:
  using answer_type = T;
  using body = std::function<domain::result<T>(storage::adapter&)>;

  storage_call(bool writes, body run,
               std::optional<storage::contact_query> looks_up = std::nullopt)
    : writes_(writes), run_(std::move(run)), looks_up_(std::move(looks_up)) {
    // nop
  }

  /// Returns the call as the worker takes it.
  storage_job job() && {
    auto run = [run = std::move(run_)](
                 storage::adapter& db) -> caf::expected<storage_answer> {
      auto made = run(db);
      if (!made)
        return to_error(made.error());
      if constexpr (std::is_void_v<T>)
        return storage_answer{};
      else
        return storage_answer{std::any{std::move(*made)}};
    };
    return {writes_, std::move(run), std::move(looks_up_)};
  }

 private:
  bool writes_;
  body run_;
  std::optional<storage::contact_query> looks_up_;
};

} // namespace troupe::actors

// Persistence workers serve their own node only: no serialisation needed.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(troupe::actors::storage_job)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(troupe::actors::storage_answer)
