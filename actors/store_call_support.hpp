#pragma once

// What the store_calls_*.cpp files share. Not for other files.

#include <chrono>
#include <cstdint>

#include "actors/store_calls.hpp"

namespace troupe::actors::store_calls::detail {

/// The time a call runs at, in ms since the epoch: read on the worker, when
/// the call runs, as the domain calls' `now_ms`.
inline std::int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
    .count();
}

} // namespace troupe::actors::store_calls::detail
