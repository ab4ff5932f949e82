#include "actors/store_call_support.hpp"
#include "protocol/encoder.hpp"

namespace troupe::actors::store_calls {

using namespace detail;

namespace {

/// Returns a `group_update` push of a fresh id, not yet stored.
storage::stored_push
make_update(storage::id_generator& ids, std::int64_t group_id,
            protocol::group_change change, std::string username,
            protocol::group_role role, protocol::group_state state) {
  protocol::group_update_view update;
  update.push_id = ids.next();
  update.group_id = group_id;
  update.change = change;
  update.username = std::move(username);
  update.role = role;
  update.state = state;
  update.ts = unix_ms();
  storage::stored_push push;
  push.push_id = update.push_id;
  push.payload = protocol::encode_group_update_push(update);
  push.group_id = group_id;
  return push;
}

/// Stores `push` in the group's stream and answers it for member `uid`.
outcome store_in_stream(storage::adapter& db, std::int64_t group_id,
                        protocol::user_id uid, storage::stored_push push) {
  if (auto stored = db.group_event_store(group_id, push); !stored)
    return failure(stored.error());
  return answer(group_changed{uid, std::move(push)});
}

} // namespace

storage_call create_group(protocol::user_id owner, std::string name,
                          ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            storage::group_record group;
            group.group_id = ids->next();
            group.name = name;
            group.created_at = unix_ms();
            if (auto made = db.group_create(group, owner); !made)
              return failure(made.error());
            return answer(group.group_id);
          }};
}

storage_call load_group(std::int64_t group_id) {
  return {false, [=](storage::adapter& db) -> outcome {
            auto group = db.group_by_id(group_id);
            if (!group)
              return failure(group.error(), error_code::no_such_group);
            auto members = db.group_members(group_id);
            if (!members)
              return failure(members.error());
            return answer(loaded_group{std::move(*group), std::move(*members)});
          }};
}

storage_call list_groups(protocol::user_id uid, std::int64_t after,
                         std::size_t limit) {
  return {false, [=](storage::adapter& db) -> outcome {
            auto groups = db.groups_of(uid, after, limit);
            if (!groups)
              return failure(groups.error());
            return answer(std::move(*groups));
          }};
}

storage_call add_group_member(std::int64_t group_id, std::string username,
                              protocol::group_state state, ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            auto user = db.user_by_name(username);
            if (!user)
              return failure(user.error(), error_code::no_such_user);
            auto push
              = make_update(*ids, group_id, protocol::group_change::added,
                            username, protocol::group_role::member, state);
            auto added = db.group_member_add(group_id, user->uid,
                                             protocol::group_role::member,
                                             unix_ms(), push.push_id - 1);
            if (!added)
              return failure(added.error(), error_code::internal,
                             error_code::already_member);
            return store_in_stream(db, group_id, user->uid, std::move(push));
          }};
}

storage_call remove_group_member(std::int64_t group_id, protocol::user_id uid,
                                 std::string username,
                                 protocol::group_role role,
                                 protocol::group_state state, ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            auto push
              = make_update(*ids, group_id, protocol::group_change::removed,
                            username, role, state);
            // The removed member still gets the group's stream up to this
            // update, which ends it for them.
            auto removed = db.group_member_remove(group_id, uid, push.push_id);
            if (!removed)
              return failure(removed.error(), error_code::not_member);
            return store_in_stream(db, group_id, uid, std::move(push));
          }};
}

storage_call set_group_role(std::int64_t group_id, protocol::user_id uid,
                            std::string username, protocol::group_role role,
                            protocol::group_state state, ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            if (auto set = db.group_member_set_role(group_id, uid, role); !set)
              return failure(set.error(), error_code::not_member);
            return store_in_stream(db, group_id, uid,
                                   make_update(*ids, group_id,
                                               protocol::group_change::role,
                                               username, role, state));
          }};
}

storage_call set_group_state(std::int64_t group_id, protocol::user_id owner,
                             std::string owner_name,
                             protocol::group_state state, ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            if (auto set = db.group_set_state(group_id, state); !set)
              return failure(set.error(), error_code::no_such_group);
            return store_in_stream(
              db, group_id, owner,
              make_update(*ids, group_id, protocol::group_change::state,
                          owner_name, protocol::group_role::owner, state));
          }};
}

} // namespace troupe::actors::store_calls
