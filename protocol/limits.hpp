#pragma once

#include <cstddef>

namespace troupe::protocol {

/// Limits of PROTOCOL.md that the codec enforces, set from `[limits]`.
struct limits {
  /// Most Unicode code points in a text message body.
  std::size_t max_text_chars = 1023;
  /// Most Unicode code points in one profile field.
  std::size_t max_profile_chars = 4096;
  /// Most entries of one `friends` or `groups` reply, and their default.
  std::size_t max_list_items = 500;
};

/// Shortest and longest request id, in code points (PROTOCOL.md section 2).
constexpr std::size_t min_request_id_chars = 1;
constexpr std::size_t max_request_id_chars = 64;

/// Longest group name, in code points (PROTOCOL.md section 3).
constexpr std::size_t max_group_name_chars = 64;

} // namespace troupe::protocol
