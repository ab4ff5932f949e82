#include "protocol/error_code.hpp"

#include <array>

namespace troupe::protocol {

namespace {

struct error_text {
  std::string_view name;
  std::string_view message;
};

// Indexed by the enum value minus one; the order is the enum's.
constexpr std::array<error_text, 26> texts{{
  {"bad_request", "malformed request"},
  {"unknown_type", "unknown request type"},
  {"not_authenticated", "log in first"},
  {"auth_failed", "wrong username or password"},
  {"invalid_username",
   "usernames are 3 to 32 characters of a-z, 0-9, '_', '.' and '-'"},
  {"weak_password", "passwords are 8 to 128 characters"},
  {"username_taken", "this username is taken"},
  {"no_such_user", "no such user"},
  {"cannot_friend_self", "you cannot befriend yourself"},
  {"already_friends", "you are friends already"},
  {"already_requested", "a friend request is pending already"},
  {"no_such_request", "no such friend request"},
  {"not_friends", "you are not friends"},
  {"too_long", "too long"},
  {"no_such_file", "no such file"},
  {"no_such_group", "no such group"},
  {"not_member", "not a member of this group"},
  {"already_member", "already a member of this group"},
  {"forbidden", "your role does not allow this"},
  {"group_muted", "the group does not accept messages from you now"},
  {"group_dissolved", "the group was dissolved"},
  {"owner_cannot_leave", "the owner cannot leave the group"},
  {"group_full", "the group has as many members as it may have"},
  {"rate_limited", "too many attempts, try again later"},
  {"unavailable", "storage is unavailable, nothing was stored; retry later"},
  {"internal", "internal error"},
}};

const error_text& text_of(error_code code) {
  return texts[static_cast<std::size_t>(code) - 1];
}

} // namespace

std::string_view to_string(error_code code) {
  return text_of(code).name;
}

std::optional<error_code> error_code_from_string(std::string_view name) {
  for (std::size_t i = 0; i < texts.size(); ++i)
    if (texts[i].name == name)
      return static_cast<error_code>(i + 1);
  return std::nullopt;
}

std::string_view default_message(error_code code) {
  return text_of(code).message;
}

} // namespace troupe::protocol
