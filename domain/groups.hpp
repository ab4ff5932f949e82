#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "protocol/groups.hpp"
#include "protocol/ids.hpp"
#include "storage/adapter.hpp"
#include "storage/id_generator.hpp"

/// What a group's changes store: the group, its members, and the
/// `group_update` pushes of its stream. Who may make a change is decided
/// before, by the group's actor (domain/group_rules.hpp). Each call runs
/// inside the caller's transaction, at `now_ms` (ms since the epoch) where
/// it stores a time; the errors listed are the protocol codes a rule
/// answers (any call may also fail with a fault of the store, and a write
/// with a superseded claim).
namespace troupe::domain {

/// A group actor's claim on its group (group_claims.hpp): every write of the
/// group below checks first that it still holds, and refuses with
/// `claim_errc::superseded`, writing nothing, when another claim came since.
struct group_claim {
  std::int64_t group_id = 0;
  std::int64_t epoch = 0;
};

/// A group and its members, as its actor loads them.
struct loaded_group {
  storage::group_record group;
  std::vector<storage::group_member_record> members;
};

/// A change to a group, and its `group_update` push, stored in the group's
/// stream for its members (a removed member's stream ends with it).
struct group_changed {
  /// The member the change is about.
  protocol::user_id uid = 0;
  storage::stored_push push;
};

/// Creates a group owned by `owner` → its id.
result<std::int64_t> create_group(storage::adapter& db,
                                  storage::id_generator& ids,
                                  std::int64_t now_ms, protocol::user_id owner,
                                  const std::string& name);

/// Reads a group for its actor; `no_such_group`.
result<loaded_group> load_group(storage::adapter& db, std::int64_t group_id);

/// Returns at most `limit` groups of `uid` with ids above `after`, by id.
result<std::vector<storage::membership_record>>
list_groups(storage::adapter& db, protocol::user_id uid, std::int64_t after,
            std::size_t limit);

/// Adds `username` as a member; their position starts just before the
/// `added` update, so that is the first they get; `no_such_user`,
/// `already_member`.
result<group_changed>
add_group_member(storage::adapter& db, storage::id_generator& ids,
                 std::int64_t now_ms, const group_claim& claim,
                 const std::string& username, protocol::group_state state);

/// Ends the membership of `uid` (kicked or left); `not_member`.
result<group_changed>
remove_group_member(storage::adapter& db, storage::id_generator& ids,
                    std::int64_t now_ms, const group_claim& claim,
                    protocol::user_id uid, const std::string& username,
                    protocol::group_role role, protocol::group_state state);

/// Gives member `uid` the role `role`; `not_member`.
result<group_changed>
set_group_role(storage::adapter& db, storage::id_generator& ids,
               std::int64_t now_ms, const group_claim& claim,
               protocol::user_id uid, const std::string& username,
               protocol::group_role role, protocol::group_state state);

/// Sets the group's state; `owner` is who did; `no_such_group`.
result<group_changed>
set_group_state(storage::adapter& db, storage::id_generator& ids,
                std::int64_t now_ms, const group_claim& claim,
                protocol::user_id owner, const std::string& owner_name,
                protocol::group_state state);

} // namespace troupe::domain
