#pragma once

#include <any>
#include <type_traits>
#include <utility>

#include <caf/send.hpp>
#include <caf/timespan.hpp>

#include "actors/atoms.hpp"
#include "actors/interfaces.hpp"
#include "actors/storage_call.hpp"

namespace troupe::actors {

/// Sends `call` from `self` to `worker` and hands its answer to
/// `on_answer`, as a `T&` (with no argument for a `void` call), or its
/// failure (the call's refusal or fault, no answer within `timeout`, the
/// worker gone) to `on_failure(caf::error&)`.
template <class Self, class T, class OnAnswer, class OnFailure>
void ask_store(Self* self, const persistence_actor& worker,
               caf::timespan timeout, storage_call<T> call, OnAnswer on_answer,
               OnFailure on_failure) {
  if constexpr (std::is_void_v<T>)
    static_assert(std::is_invocable_v<OnAnswer&>,
                  "a call that answers nothing is answered with no argument");
  else
    static_assert(std::is_invocable_v<OnAnswer&, T&>,
                  "the handler does not take what the call answers");
  self->request(worker, timeout, atoms::run_atom_v, std::move(call).job())
    .then(
      [on_answer = std::move(on_answer)](storage_answer& answer) mutable {
        if constexpr (std::is_void_v<T>)
          on_answer();
        else
          on_answer(*std::any_cast<T>(&answer.value));
      },
      std::move(on_failure));
}

/// Sends `call` to `worker` with no one waiting for its answer.
template <class T>
void tell_store(const persistence_actor& worker, storage_call<T> call) {
  caf::anon_send(worker, atoms::run_atom_v, std::move(call).job());
}

} // namespace troupe::actors
