#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/groups.hpp"
#include "protocol/requests.hpp"

namespace troupe::protocol {

// What replies and pushes carry, as the encoder takes it.

/// A point on Earth, in degrees.
struct location {
  double lat = 0;
  double lon = 0;
};

/// A message as `message` pushes and `history` show it.
struct message_view {
  std::int64_t msg_id = 0;
  std::string from;
  /// The recipient of a private message; empty for a group message.
  std::string to;
  std::optional<std::int64_t> group_id;
  message_kind kind = message_kind::text;
  std::string body;
  std::int64_t ts = 0;
};

/// One entry of the `friends` reply.
struct friend_view {
  user_id uid = 0;
  std::string username;
  std::string nickname;
  bool online = false;
  std::int64_t last_message_at = 0;
  /// Set only when `presence.share_address` is on and the friend is online.
  std::optional<std::string> ip;
  std::optional<std::uint16_t> port;
};

/// One pending friend request of the `friend_requests` reply.
struct friend_request_view {
  std::int64_t request_id = 0;
  /// The other user: who asked (incoming) or who was asked (outgoing).
  std::string username;
  std::string note;
  std::int64_t ts = 0;
};

/// What a `friend_update` push reports.
enum class friend_change : std::uint8_t {
  accepted,
  rejected,
  removed,
};

std::string_view to_string(friend_change change);

/// One entry of the `groups` reply: a group as one of its members sees it.
struct group_view {
  std::int64_t group_id = 0;
  std::string name;
  group_role role = group_role::member;
  group_state state = group_state::normal;
};

/// One entry of the `group_members` reply.
struct group_member_view {
  user_id uid = 0;
  std::string username;
  group_role role = group_role::member;
  bool online = false;
};

/// What a `group_update` push reports.
enum class group_change : std::uint8_t {
  added,
  removed,
  role,
  state,
};

std::string_view to_string(group_change change);

/// A `group_update` push: `username` was added or removed, got `role`, or
/// (the owner) set the group's `state`; `role` and `state` are the member's
/// and the group's after the change.
struct group_update_view {
  std::int64_t push_id = 0;
  std::int64_t group_id = 0;
  group_change change = group_change::added;
  std::string username;
  group_role role = group_role::member;
  group_state state = group_state::normal;
  std::int64_t ts = 0;
};

} // namespace troupe::protocol
