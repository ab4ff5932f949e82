#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "protocol/groups.hpp"
#include "protocol/ids.hpp"
#include "protocol/profile.hpp"

namespace troupe::protocol {

/// What a `message` carries: `text` in its body, or a file id for `image`
/// and `file`.
enum class message_kind : std::uint8_t {
  text,
  image,
  file,
};

/// Returns the wire name of `kind`, e.g. "image".
std::string_view to_string(message_kind kind);

/// Returns the kind named `name`, if any.
std::optional<message_kind> message_kind_from_string(std::string_view name);

// -- commands (PROTOCOL.md section 3), one struct each
// -------------------------

struct register_command {
  std::string username;
  std::string password;
  profile_update profile;
};

struct login_command {
  std::string username;
  std::string password;
};

struct ping_command {};

struct logout_command {};

struct token_command {};

struct get_user_command {
  std::string username;
};

struct update_profile_command {
  profile_update profile;
};

struct friend_request_command {
  std::string username;
  std::string note;
};

struct friend_respond_command {
  std::int64_t request_id = 0;
  bool accept = false;
};

struct friend_remove_command {
  std::string username;
};

/// A page of the friends list: at most `limit` from the `offset`th on.
struct friends_command {
  std::size_t offset = 0;
  std::size_t limit = 0;
};

struct friend_requests_command {};

struct send_command {
  std::string to;
  message_kind kind = message_kind::text;
  /// The text, or the decimal id of a file.
  std::string body;
};

struct group_create_command {
  std::string name;
};

/// `group_add` and `group_kick`: a group and one of its (future) members.
struct group_add_command {
  std::int64_t group_id = 0;
  std::string username;
};

struct group_kick_command {
  std::int64_t group_id = 0;
  std::string username;
};

struct group_leave_command {
  std::int64_t group_id = 0;
};

struct group_set_role_command {
  std::int64_t group_id = 0;
  std::string username;
  /// `admin` or `member`: there is one owner, who stays the owner.
  group_role role = group_role::member;
};

struct group_set_state_command {
  std::int64_t group_id = 0;
  group_state state = group_state::normal;
};

struct group_send_command {
  std::int64_t group_id = 0;
  message_kind kind = message_kind::text;
  /// The text, or the decimal id of a file.
  std::string body;
};

/// A page of the user's groups: at most `limit` with ids above `after`.
struct groups_command {
  std::int64_t after = 0;
  std::size_t limit = 0;
};

struct group_members_command {
  std::int64_t group_id = 0;
};

struct history_command {
  /// The other user of a private conversation; empty with `group_id`.
  std::string with;
  std::optional<std::int64_t> group_id;
  /// Message ids, exclusive.
  std::optional<std::int64_t> before;
  std::optional<std::int64_t> after;
  std::size_t limit = 50;
};

struct presence_command {
  std::string username;
};

struct set_location_command {
  double lat = 0;
  double lon = 0;
};

/// Acknowledges the push with id `push_id`; never answered.
struct ack_command {
  std::int64_t push_id = 0;
};

/// Every command this node implements, parameters validated.
using command = std::variant<
  register_command, login_command, ping_command, logout_command, token_command,
  get_user_command, update_profile_command, friend_request_command,
  friend_respond_command, friend_remove_command, friends_command,
  friend_requests_command, send_command, group_create_command,
  group_add_command, group_kick_command, group_leave_command,
  group_set_role_command, group_set_state_command, group_send_command,
  groups_command, group_members_command, history_command, presence_command,
  set_location_command, ack_command>;

/// A decoded client request: its id and its command. An `ack` has no
/// request id: `id` is empty and nothing answers it.
struct request {
  std::string id;
  command body;
};

} // namespace troupe::protocol
