#include "domain/group_rules.hpp"

namespace troupe::domain {

using protocol::error_code;
using protocol::group_role;
using protocol::group_state;

namespace {

/// Returns whether `who` is the owner or an admin.
bool manages(standing who) {
  return who.has_value() && *who != group_role::member;
}

} // namespace

std::optional<error_code> add_refusal(group_state state, standing adder,
                                      bool already_member, std::size_t members,
                                      std::size_t max_members) {
  if (state == group_state::dissolved)
    return error_code::group_dissolved;
  if (!manages(adder))
    return error_code::forbidden;
  if (already_member)
    return error_code::already_member;
  if (members >= max_members)
    return error_code::group_full;
  return std::nullopt;
}

std::optional<error_code> kick_refusal(standing kicker, standing target,
                                       bool target_is_kicker) {
  if (!manages(kicker))
    return error_code::forbidden;
  if (!target)
    return error_code::not_member;
  if (target_is_kicker
      || (*kicker == group_role::admin && *target != group_role::member))
    return error_code::forbidden;
  return std::nullopt;
}

std::optional<error_code> leave_refusal(standing leaver) {
  if (!leaver)
    return error_code::not_member;
  if (*leaver == group_role::owner)
    return error_code::owner_cannot_leave;
  return std::nullopt;
}

std::optional<error_code> set_role_refusal(standing setter, standing target) {
  if (setter != group_role::owner)
    return error_code::forbidden;
  if (!target)
    return error_code::not_member;
  if (*target == group_role::owner)
    return error_code::forbidden;
  return std::nullopt;
}

std::optional<error_code> set_state_refusal(standing setter,
                                            group_state state) {
  if (setter != group_role::owner)
    return error_code::forbidden;
  if (state == group_state::dissolved)
    return error_code::group_dissolved;
  return std::nullopt;
}

std::optional<error_code> send_refusal(standing sender, group_state state) {
  if (!sender)
    return error_code::not_member;
  if (state == group_state::dissolved)
    return error_code::group_dissolved;
  if (state == group_state::muted
      || (state == group_state::admins_only && *sender == group_role::member))
    return error_code::group_muted;
  return std::nullopt;
}

std::optional<error_code> read_refusal(standing reader) {
  if (!reader)
    return error_code::not_member;
  return std::nullopt;
}

} // namespace troupe::domain
