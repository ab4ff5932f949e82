#pragma once

#include <cstddef>
#include <optional>

#include "protocol/error_code.hpp"
#include "protocol/groups.hpp"

/// Who may do what in a group: the roles' rights and what the group takes in
/// each state. Plain decisions over the facts the group's actor holds; each
/// returns the code to refuse with, or none when the command may go ahead.
/// The checks run in the order the client hears about them: the first that
/// fails is the answer.
namespace troupe::domain {

/// A user's standing in a group: their role, or none for a non-member.
using standing = std::optional<protocol::group_role>;

/// Adding a member: not to a dissolved group (`group_dissolved`), only by
/// the owner or an admin (`forbidden`), not someone who is a member
/// (`already_member`), not past `max_members`, counting those being added
/// (`group_full`).
std::optional<protocol::error_code>
add_refusal(protocol::group_state state, standing adder, bool already_member,
            std::size_t members, std::size_t max_members);

/// Kicking a member: only by the owner or an admin (`forbidden`), only a
/// member (`not_member`); nobody kicks themselves (the owner leaves by
/// handing over or dissolving) and an admin kicks only plain members
/// (`forbidden`).
std::optional<protocol::error_code>
kick_refusal(standing kicker, standing target, bool target_is_kicker);

/// Leaving: only a member (`not_member`), not the owner, who hands over or
/// dissolves instead (`owner_cannot_leave`).
std::optional<protocol::error_code> leave_refusal(standing leaver);

/// Setting a role: only by the owner (`forbidden`), only of a member
/// (`not_member`), never of the owner (`forbidden`).
std::optional<protocol::error_code> set_role_refusal(standing setter,
                                                     standing target);

/// Setting the state: only by the owner (`forbidden`), not of a dissolved
/// group (`group_dissolved`).
std::optional<protocol::error_code>
set_state_refusal(standing setter, protocol::group_state state);

/// Sending: only a member (`not_member`), not to a dissolved group
/// (`group_dissolved`), not to a muted one, nor as a plain member to an
/// `admins_only` one (`group_muted`).
std::optional<protocol::error_code> send_refusal(standing sender,
                                                 protocol::group_state state);

/// Reading the members or the history: only a member (`not_member`).
std::optional<protocol::error_code> read_refusal(standing reader);

} // namespace troupe::domain
