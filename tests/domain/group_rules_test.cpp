// Who may do what in a group: the rules alone, over plain values.

#include "domain/group_rules.hpp"

#include <optional>
#include <string>

#include <doctest/doctest.h>

using namespace troupe;
using protocol::group_role;
using protocol::group_state;

namespace {

constexpr domain::standing none = std::nullopt;
constexpr domain::standing owner = group_role::owner;
constexpr domain::standing admin = group_role::admin;
constexpr domain::standing member = group_role::member;

/// Returns "ok" or the code of the refusal.
std::string said(std::optional<protocol::error_code> refusal) {
  return refusal ? std::string{protocol::to_string(*refusal)} : "ok";
}

} // namespace

TEST_CASE("the owner and admins add members, up to the size limit, not to "
          "a dissolved group") {
  using domain::add_refusal;
  auto normal = group_state::normal;
  CHECK(said(add_refusal(normal, owner, false, 1, 10)) == "ok");
  CHECK(said(add_refusal(normal, admin, false, 9, 10)) == "ok");
  CHECK(said(add_refusal(normal, member, false, 1, 10)) == "forbidden");
  CHECK(said(add_refusal(normal, none, false, 1, 10)) == "forbidden");
  CHECK(said(add_refusal(normal, owner, true, 1, 10)) == "already_member");
  CHECK(said(add_refusal(normal, owner, false, 10, 10)) == "group_full");
  // Muted groups still take members; dissolved ones take nothing.
  CHECK(said(add_refusal(group_state::muted, admin, false, 1, 10)) == "ok");
  CHECK(said(add_refusal(group_state::admins_only, admin, false, 1, 10))
        == "ok");
  CHECK(said(add_refusal(group_state::dissolved, owner, false, 1, 10))
        == "group_dissolved");
  // The first failing check is the answer.
  CHECK(said(add_refusal(group_state::dissolved, member, true, 10, 10))
        == "group_dissolved");
  CHECK(said(add_refusal(normal, member, true, 10, 10)) == "forbidden");
  CHECK(said(add_refusal(normal, admin, true, 10, 10)) == "already_member");
}

TEST_CASE("the owner kicks admins and members, an admin only members, "
          "nobody themselves") {
  using domain::kick_refusal;
  CHECK(said(kick_refusal(owner, admin, false)) == "ok");
  CHECK(said(kick_refusal(owner, member, false)) == "ok");
  CHECK(said(kick_refusal(admin, member, false)) == "ok");
  CHECK(said(kick_refusal(admin, admin, false)) == "forbidden");
  CHECK(said(kick_refusal(admin, owner, false)) == "forbidden");
  CHECK(said(kick_refusal(owner, owner, true)) == "forbidden");
  CHECK(said(kick_refusal(admin, admin, true)) == "forbidden");
  CHECK(said(kick_refusal(member, member, false)) == "forbidden");
  CHECK(said(kick_refusal(none, member, false)) == "forbidden");
  CHECK(said(kick_refusal(owner, none, false)) == "not_member");
  CHECK(said(kick_refusal(member, none, false)) == "forbidden");
}

TEST_CASE("members and admins leave; the owner may not; a non-member is "
          "not_member") {
  CHECK(said(domain::leave_refusal(member)) == "ok");
  CHECK(said(domain::leave_refusal(admin)) == "ok");
  CHECK(said(domain::leave_refusal(owner)) == "owner_cannot_leave");
  CHECK(said(domain::leave_refusal(none)) == "not_member");
}

TEST_CASE("only the owner sets roles, never the owner's") {
  using domain::set_role_refusal;
  CHECK(said(set_role_refusal(owner, member)) == "ok");
  CHECK(said(set_role_refusal(owner, admin)) == "ok");
  CHECK(said(set_role_refusal(owner, owner)) == "forbidden");
  CHECK(said(set_role_refusal(owner, none)) == "not_member");
  CHECK(said(set_role_refusal(admin, member)) == "forbidden");
  CHECK(said(set_role_refusal(member, member)) == "forbidden");
  CHECK(said(set_role_refusal(none, member)) == "forbidden");
  CHECK(said(set_role_refusal(admin, none)) == "forbidden");
}

TEST_CASE("only the owner sets the state, not of a dissolved group") {
  using domain::set_state_refusal;
  for (auto state :
       {group_state::normal, group_state::muted, group_state::admins_only}) {
    CAPTURE(protocol::to_string(state));
    CHECK(said(set_state_refusal(owner, state)) == "ok");
    CHECK(said(set_state_refusal(admin, state)) == "forbidden");
    CHECK(said(set_state_refusal(member, state)) == "forbidden");
    CHECK(said(set_state_refusal(none, state)) == "forbidden");
  }
  CHECK(said(set_state_refusal(owner, group_state::dissolved))
        == "group_dissolved");
  CHECK(said(set_state_refusal(admin, group_state::dissolved)) == "forbidden");
}

TEST_CASE("who may send in each state") {
  using domain::send_refusal;
  for (auto who : {owner, admin, member})
    CHECK(said(send_refusal(who, group_state::normal)) == "ok");
  for (auto who : {owner, admin, member})
    CHECK(said(send_refusal(who, group_state::muted)) == "group_muted");
  CHECK(said(send_refusal(owner, group_state::admins_only)) == "ok");
  CHECK(said(send_refusal(admin, group_state::admins_only)) == "ok");
  CHECK(said(send_refusal(member, group_state::admins_only)) == "group_muted");
  for (auto who : {owner, admin, member})
    CHECK(said(send_refusal(who, group_state::dissolved)) == "group_dissolved");
  for (auto state : {group_state::normal, group_state::muted,
                     group_state::admins_only, group_state::dissolved})
    CHECK(said(send_refusal(none, state)) == "not_member");
}

TEST_CASE("only members read the members and the history") {
  for (auto who : {owner, admin, member})
    CHECK(said(domain::read_refusal(who)) == "ok");
  CHECK(said(domain::read_refusal(none)) == "not_member");
}
