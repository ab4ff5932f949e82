#include "actors/store_call_support.hpp"
#include "domain/groups.hpp"

namespace troupe::actors::store_calls {

using namespace detail;

storage_call<std::int64_t> create_group(protocol::user_id owner,
                                        std::string name, ids_ptr ids) {
  return {true, [=](storage::adapter& db) {
            return domain::create_group(db, *ids, unix_ms(), owner, name);
          }};
}

storage_call<claimed_group> claim_group(std::int64_t group_id,
                                        domain::group_host host, ids_ptr ids) {
  return {true, [=](storage::adapter& db) {
            return domain::claim_group(db, *ids, group_id, host);
          }};
}

storage_call<std::vector<storage::membership_record>>
list_groups(protocol::user_id uid, std::int64_t after, std::size_t limit) {
  return {false, [=](storage::adapter& db) {
            return domain::list_groups(db, uid, after, limit);
          }};
}

storage_call<group_changed> add_group_member(domain::group_claim claim,
                                             std::string username,
                                             protocol::group_state state,
                                             ids_ptr ids) {
  return {true, [=](storage::adapter& db) {
            return domain::add_group_member(db, *ids, unix_ms(), claim,
                                            username, state);
          }};
}

storage_call<group_changed>
remove_group_member(domain::group_claim claim, protocol::user_id uid,
                    std::string username, protocol::group_role role,
                    protocol::group_state state, ids_ptr ids) {
  return {true, [=](storage::adapter& db) {
            return domain::remove_group_member(db, *ids, unix_ms(), claim, uid,
                                               username, role, state);
          }};
}

storage_call<group_changed>
set_group_role(domain::group_claim claim, protocol::user_id uid,
               std::string username, protocol::group_role role,
               protocol::group_state state, ids_ptr ids) {
  return {true, [=](storage::adapter& db) {
            return domain::set_group_role(db, *ids, unix_ms(), claim, uid,
                                          username, role, state);
          }};
}

storage_call<group_changed> set_group_state(domain::group_claim claim,
                                            protocol::user_id owner,
                                            std::string owner_name,
                                            protocol::group_state state,
                                            ids_ptr ids) {
  return {true, [=](storage::adapter& db) {
            return domain::set_group_state(db, *ids, unix_ms(), claim, owner,
                                           owner_name, state);
          }};
}

} // namespace troupe::actors::store_calls
