#include "actors/store_call_support.hpp"
#include "domain/friends.hpp"

namespace troupe::actors::store_calls {

using namespace detail;

storage_call<friend_request_outcome>
request_friend(protocol::user_id from, std::string from_name,
               std::string to_name, std::string note, std::size_t max_pending,
               ids_ptr ids) {
  return {true, [=](storage::adapter& db) {
            return domain::request_friend(db, *ids, unix_ms(), from, from_name,
                                          to_name, note, max_pending);
          }};
}

storage_call<friend_change_outcome>
respond_to_friend(protocol::user_id me, std::string my_name,
                  std::int64_t request_id, bool accept, ids_ptr ids) {
  return {true, [=](storage::adapter& db) {
            return domain::respond_to_friend(db, *ids, unix_ms(), me, my_name,
                                             request_id, accept);
          }};
}

storage_call<friend_change_outcome> remove_friend(protocol::user_id me,
                                                  std::string my_name,
                                                  std::string other_name,
                                                  ids_ptr ids) {
  return {true, [=](storage::adapter& db) {
            return domain::remove_friend(db, *ids, unix_ms(), me, my_name,
                                         other_name);
          }};
}

storage_call<std::vector<storage::friend_record>>
list_friends(protocol::user_id uid, std::size_t offset, std::size_t limit) {
  return {false, [=](storage::adapter& db) {
            return domain::list_friends(db, uid, offset, limit);
          }};
}

storage_call<std::vector<storage::friend_request_record>>
list_friend_requests(protocol::user_id uid) {
  return {false, [uid](storage::adapter& db) {
            return domain::list_friend_requests(db, uid);
          }};
}

storage_call<admin_befriended> befriend_now(std::string a_name,
                                            std::string b_name, ids_ptr ids) {
  return {true, [=](storage::adapter& db) {
            return domain::befriend_now(db, *ids, unix_ms(), a_name, b_name);
          }};
}

} // namespace troupe::actors::store_calls
