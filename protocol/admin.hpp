#pragma once

// The admin API's request bodies (PROTOCOL.md section 6) and its key check.

#include <string>
#include <string_view>
#include <variant>

#include "protocol/decoder.hpp"
#include "protocol/limits.hpp"

namespace troupe::protocol {

/// `POST /api/admin/system_message`: a `system` push for one user.
struct admin_system_message {
  std::string username;
  std::string body;
};

/// `POST /api/admin/friendship`: makes two users friends at once.
struct admin_friendship {
  std::string a;
  std::string b;
};

/// Parses the body of `POST /api/admin/system_message`: `body` is a text of
/// 1 to `limits.max_text_chars` code points.
std::variant<admin_system_message, decode_error>
decode_admin_system_message(std::string_view json_body, const limits& lim);

/// Parses the body of `POST /api/admin/friendship`.
std::variant<admin_friendship, decode_error>
decode_admin_friendship(std::string_view json_body, const limits& lim);

/// Returns whether `given` is the admin key `expected`, in time that does
/// not depend on where they differ (nor on their lengths).
bool admin_key_matches(std::string_view expected, std::string_view given);

} // namespace troupe::protocol
