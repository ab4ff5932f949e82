#pragma once

#include <cstddef>
#include <string_view>

namespace troupe::protocol {

/// Returns the number of Unicode code points in `utf8`, which must be valid
/// UTF-8 (the JSON parser and the WebSocket layer guarantee that).
std::size_t count_code_points(std::string_view utf8);

/// Returns the first `max` code points of `utf8` (valid UTF-8), whole.
std::string_view first_code_points(std::string_view utf8, std::size_t max);

/// Returns whether `name` is 3 to 32 characters of `a-z 0-9 _ . -`.
bool is_valid_username(std::string_view name);

/// Returns whether `password` is 8 to 128 code points long.
bool is_acceptable_password(std::string_view password);

} // namespace troupe::protocol
