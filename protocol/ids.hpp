#pragma once

#include <cstdint>

namespace troupe::protocol {

/// Identifies a user for the whole deployment.
using user_id = std::int64_t;

/// Largest id the node issues: JavaScript clients read ids as doubles.
constexpr std::int64_t max_id = (std::int64_t{1} << 53) - 1;

} // namespace troupe::protocol
