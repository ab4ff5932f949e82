#include "actors/store_call_support.hpp"
#include "domain/groups.hpp"

namespace troupe::actors::store_calls {

using namespace detail;

storage_call create_group(protocol::user_id owner, std::string name,
                          ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            return answer(
              domain::create_group(db, *ids, unix_ms(), owner, name));
          }};
}

storage_call load_group(std::int64_t group_id) {
  return {false, [=](storage::adapter& db) -> outcome {
            return answer(domain::load_group(db, group_id));
          }};
}

storage_call list_groups(protocol::user_id uid, std::int64_t after,
                         std::size_t limit) {
  return {false, [=](storage::adapter& db) -> outcome {
            return answer(domain::list_groups(db, uid, after, limit));
          }};
}

storage_call add_group_member(std::int64_t group_id, std::string username,
                              protocol::group_state state, ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            return answer(domain::add_group_member(db, *ids, unix_ms(),
                                                   group_id, username, state));
          }};
}

storage_call remove_group_member(std::int64_t group_id, protocol::user_id uid,
                                 std::string username,
                                 protocol::group_role role,
                                 protocol::group_state state, ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            return answer(domain::remove_group_member(
              db, *ids, unix_ms(), group_id, uid, username, role, state));
          }};
}

storage_call set_group_role(std::int64_t group_id, protocol::user_id uid,
                            std::string username, protocol::group_role role,
                            protocol::group_state state, ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            return answer(domain::set_group_role(db, *ids, unix_ms(), group_id,
                                                 uid, username, role, state));
          }};
}

storage_call set_group_state(std::int64_t group_id, protocol::user_id owner,
                             std::string owner_name,
                             protocol::group_state state, ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            return answer(domain::set_group_state(db, *ids, unix_ms(), group_id,
                                                  owner, owner_name, state));
          }};
}

} // namespace troupe::actors::store_calls
