#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace troupe::protocol {

/// The error codes of PROTOCOL.md section 7, in its order.
enum class error_code : std::uint8_t {
  /// The frame is not a JSON object, or a field has the wrong type or range.
  bad_request = 1,
  /// The request `type` is not a command this node knows.
  unknown_type,
  /// The command needs a logged-in session.
  not_authenticated,
  /// Unknown user or wrong password; the two are never told apart.
  auth_failed,
  /// A username outside 3..32 characters of `a-z 0-9 _ . -`.
  invalid_username,
  /// A password outside 8..128 characters.
  weak_password,
  /// Somebody already registered this username.
  username_taken,
  /// No user has this username.
  no_such_user,
  /// A friend request to oneself.
  cannot_friend_self,
  /// The two users are friends already.
  already_friends,
  /// A friend request between the two is pending already.
  already_requested,
  /// No pending friend request with this id is addressed to the caller.
  no_such_request,
  /// The command needs the two users to be friends.
  not_friends,
  /// A text or field longer than its limit.
  too_long,
  /// No stored file has this id.
  no_such_file,
  /// No group has this id.
  no_such_group,
  /// The caller or the named user is not a member of the group.
  not_member,
  /// The user is a member of the group already.
  already_member,
  /// The caller's role does not allow the command.
  forbidden,
  /// The group's state does not let the caller send.
  group_muted,
  /// The group was dissolved; it takes no more changes or messages.
  group_dissolved,
  /// The owner must hand over or dissolve the group instead of leaving.
  owner_cannot_leave,
  /// The group has `limits.max_group_members` members already.
  group_full,
  /// Too many attempts; try again later.
  rate_limited,
  /// Storage is down: nothing was stored, retry later.
  unavailable,
  /// A fault inside the node.
  internal,
};

/// Returns the wire name of `code`, e.g. "bad_request".
std::string_view to_string(error_code code);

/// Returns the error code named `name`, if any.
std::optional<error_code> error_code_from_string(std::string_view name);

/// Returns the human text sent with `code` when nothing more specific is known.
std::string_view default_message(error_code code);

/// Returns whether an answer with `code` counts towards
/// `limits.max_bad_frames`.
constexpr bool counts_as_bad_frame(error_code code) {
  return code == error_code::bad_request || code == error_code::unknown_type;
}

} // namespace troupe::protocol
