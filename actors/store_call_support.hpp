#pragma once

// What the store_calls_*.cpp files share. Not for other files.

#include <chrono>
#include <cstdint>

#include <caf/atom.hpp>
#include <caf/expected.hpp>
#include <caf/make_message.hpp>
#include <caf/message.hpp>

#include "actors/errors.hpp"
#include "actors/store_calls.hpp"
#include "domain/result.hpp"

namespace troupe::actors::store_calls::detail {

using outcome = caf::expected<caf::message>;

/// Returns what a domain call made as the call's answer, or its failure.
template <class T>
outcome answer(domain::result<T> made) {
  if (!made)
    return to_error(made.error());
  return caf::make_message(std::move(*made));
}

/// Returns `ok`, or the failure of the change.
inline outcome answer(const domain::result<void>& done) {
  if (!done)
    return to_error(done.error());
  return caf::make_message(caf::ok_atom_v);
}

/// The time a call runs at, in ms since the epoch: read on the worker, when
/// the call runs, as the domain calls' `now_ms`.
inline std::int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
    .count();
}

} // namespace troupe::actors::store_calls::detail
