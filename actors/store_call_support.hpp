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

namespace troupe::actors::store_calls::detail {

using outcome = caf::expected<caf::message>;
using protocol::error_code;

/// Returns what a failed storage result means to the caller: a missing row
/// or a broken uniqueness rule as the protocol codes the caller names, a
/// store fault as it is (the persistence worker acts on those).
inline caf::error failure(storage::errc code,
                          error_code on_not_found = error_code::internal,
                          error_code on_conflict = error_code::internal) {
  switch (code) {
    case storage::errc::not_found: return caf::make_error(on_not_found);
    case storage::errc::conflict: return caf::make_error(on_conflict);
    default: return caf::make_error(code);
  }
}

template <class T>
outcome answer(T value) {
  return caf::make_message(std::move(value));
}

inline outcome ok() {
  return caf::make_message(caf::ok_atom_v);
}

/// Returns `result` as an answer: `ok` or its failure.
inline outcome ok_or_failure(const storage::result<void>& result) {
  if (!result)
    return failure(result.error());
  return ok();
}

inline std::int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
    .count();
}

} // namespace troupe::actors::store_calls::detail
