#pragma once

// A group's roles and states (PROTOCOL.md section 3), with their wire names.

#include <cstdint>
#include <optional>
#include <string_view>

namespace troupe::protocol {

/// What a member may do: the owner everything (one per group), admins add
/// and kick members, members send.
enum class group_role : std::uint8_t {
  owner,
  admin,
  member,
};

/// Who may send: everyone (`normal`), nobody (`muted`), the owner and
/// admins (`admins_only`); `dissolved` is final: no more changes or
/// messages.
enum class group_state : std::uint8_t {
  normal,
  muted,
  admins_only,
  dissolved,
};

/// Returns the wire name of `role`, e.g. "admin".
std::string_view to_string(group_role role);

/// Returns the role named `name`, if any.
std::optional<group_role> group_role_from_string(std::string_view name);

/// Returns the wire name of `state`, e.g. "admins_only".
std::string_view to_string(group_state state);

/// Returns the state named `name`, if any.
std::optional<group_state> group_state_from_string(std::string_view name);

} // namespace troupe::protocol
