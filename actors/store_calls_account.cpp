#include "actors/store_call_support.hpp"
#include "domain/accounts.hpp"

namespace troupe::actors::store_calls {

using namespace detail;

storage_call<protocol::user_id> create_user(storage::new_user user) {
  return {true, [user](storage::adapter& db) {
            return domain::create_user(db, user);
          }};
}

storage_call<storage::user_record> find_user(std::string username) {
  return {false, [username](storage::adapter& db) {
            return domain::find_user(db, username);
          }};
}

storage_call<void> update_profile(protocol::user_id uid,
                                  protocol::profile_update update) {
  return {true, [uid, update](storage::adapter& db) {
            return domain::update_profile(db, uid, update);
          }};
}

storage_call<void> check_health() {
  return {false, [](storage::adapter& db) { return domain::check_health(db); }};
}

storage_call<void> touch_last_seen(protocol::user_id uid, std::int64_t ts) {
  return {true, [uid, ts](storage::adapter& db) {
            return domain::touch_last_seen(db, uid, ts);
          }};
}

storage_call<void> set_location(protocol::user_id uid,
                                protocol::location where) {
  return {true, [uid, where](storage::adapter& db) {
            return domain::set_location(db, uid, where);
          }};
}

storage_call<storage::presence_record> find_presence(protocol::user_id me,
                                                     std::string username) {
  return {false, [me, username](storage::adapter& db) {
            return domain::find_presence(db, me, username);
          }};
}

} // namespace troupe::actors::store_calls
