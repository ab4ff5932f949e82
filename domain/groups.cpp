#include "domain/groups.hpp"

#include <utility>

#include "domain/group_claims.hpp"
#include "protocol/encoder.hpp"

namespace troupe::domain {

using protocol::error_code;

namespace {

/// Returns a `group_update` push of a fresh id, not yet stored.
storage::stored_push make_update(storage::id_generator& ids,
                                 std::int64_t now_ms, std::int64_t group_id,
                                 protocol::group_change change,
                                 std::string username,
                                 protocol::group_role role,
                                 protocol::group_state state) {
  protocol::group_update_view update;
  update.push_id = ids.next();
  update.group_id = group_id;
  update.change = change;
  update.username = std::move(username);
  update.role = role;
  update.state = state;
  update.ts = now_ms;
  storage::stored_push push;
  push.push_id = update.push_id;
  push.payload = protocol::encode_group_update_push(update);
  push.group_id = group_id;
  return push;
}

/// Stores `push` in the group's stream and answers it for member `uid`.
result<group_changed> store_in_stream(storage::adapter& db,
                                      std::int64_t group_id,
                                      protocol::user_id uid,
                                      storage::stored_push push) {
  if (auto stored = db.group_event_store(group_id, push); !stored)
    return from_store(stored.error());
  return group_changed{uid, std::move(push)};
}

} // namespace

result<std::int64_t> create_group(storage::adapter& db,
                                  storage::id_generator& ids,
                                  std::int64_t now_ms, protocol::user_id owner,
                                  const std::string& name) {
  storage::group_record group;
  group.group_id = ids.next();
  group.name = name;
  group.created_at = now_ms;
  if (auto made = db.group_create(group, owner); !made)
    return from_store(made.error());
  return group.group_id;
}

result<loaded_group> load_group(storage::adapter& db, std::int64_t group_id) {
  auto group = db.group_by_id(group_id);
  if (!group)
    return from_store(group.error(), error_code::no_such_group);
  auto members = db.group_members(group_id);
  if (!members)
    return from_store(members.error());
  return loaded_group{std::move(*group), std::move(*members)};
}

result<std::vector<storage::membership_record>>
list_groups(storage::adapter& db, protocol::user_id uid, std::int64_t after,
            std::size_t limit) {
  auto groups = db.groups_of(uid, after, limit);
  if (!groups)
    return from_store(groups.error());
  return std::move(*groups);
}

result<group_changed>
add_group_member(storage::adapter& db, storage::id_generator& ids,
                 std::int64_t now_ms, const group_claim& claim,
                 const std::string& username, protocol::group_state state) {
  if (auto held = check_claim(db, claim); !held)
    return held.error();
  auto group_id = claim.group_id;
  auto user = db.user_by_name(username);
  if (!user)
    return from_store(user.error(), error_code::no_such_user);
  auto push = make_update(ids, now_ms, group_id, protocol::group_change::added,
                          username, protocol::group_role::member, state);
  if (auto added
      = db.group_member_add(group_id, user->uid, protocol::group_role::member,
                            now_ms, push.push_id - 1);
      !added)
    return from_store(added.error(), error_code::internal,
                      error_code::already_member);
  return store_in_stream(db, group_id, user->uid, std::move(push));
}

result<group_changed>
remove_group_member(storage::adapter& db, storage::id_generator& ids,
                    std::int64_t now_ms, const group_claim& claim,
                    protocol::user_id uid, const std::string& username,
                    protocol::group_role role, protocol::group_state state) {
  if (auto held = check_claim(db, claim); !held)
    return held.error();
  auto group_id = claim.group_id;
  auto push
    = make_update(ids, now_ms, group_id, protocol::group_change::removed,
                  username, role, state);
  // The removed member still gets the group's stream up to this update,
  // which ends it for them.
  if (auto removed = db.group_member_remove(group_id, uid, push.push_id);
      !removed)
    return from_store(removed.error(), error_code::not_member);
  return store_in_stream(db, group_id, uid, std::move(push));
}

result<group_changed>
set_group_role(storage::adapter& db, storage::id_generator& ids,
               std::int64_t now_ms, const group_claim& claim,
               protocol::user_id uid, const std::string& username,
               protocol::group_role role, protocol::group_state state) {
  if (auto held = check_claim(db, claim); !held)
    return held.error();
  auto group_id = claim.group_id;
  if (auto set = db.group_member_set_role(group_id, uid, role); !set)
    return from_store(set.error(), error_code::not_member);
  return store_in_stream(db, group_id, uid,
                         make_update(ids, now_ms, group_id,
                                     protocol::group_change::role, username,
                                     role, state));
}

result<group_changed>
set_group_state(storage::adapter& db, storage::id_generator& ids,
                std::int64_t now_ms, const group_claim& claim,
                protocol::user_id owner, const std::string& owner_name,
                protocol::group_state state) {
  if (auto held = check_claim(db, claim); !held)
    return held.error();
  auto group_id = claim.group_id;
  if (auto set = db.group_set_state(group_id, state); !set)
    return from_store(set.error(), error_code::no_such_group);
  return store_in_stream(db, group_id, owner,
                         make_update(ids, now_ms, group_id,
                                     protocol::group_change::state, owner_name,
                                     protocol::group_role::owner, state));
}

} // namespace troupe::domain
