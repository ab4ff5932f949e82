#include "actors/store_call_support.hpp"
#include "domain/accounts.hpp"

namespace troupe::actors::store_calls {

using namespace detail;

storage_call create_user(storage::new_user user) {
  return {true, [user](storage::adapter& db) -> outcome {
            return answer(domain::create_user(db, user));
          }};
}

storage_call find_user(std::string username) {
  return {false, [username](storage::adapter& db) -> outcome {
            return answer(domain::find_user(db, username));
          }};
}

storage_call update_profile(protocol::user_id uid,
                            protocol::profile_update update) {
  return {true, [uid, update](storage::adapter& db) -> outcome {
            return answer(domain::update_profile(db, uid, update));
          }};
}

storage_call check_health() {
  return {false, [](storage::adapter& db) -> outcome {
            return answer(domain::check_health(db));
          }};
}

storage_call touch_last_seen(protocol::user_id uid, std::int64_t ts) {
  return {true, [uid, ts](storage::adapter& db) -> outcome {
            return answer(domain::touch_last_seen(db, uid, ts));
          }};
}

storage_call set_location(protocol::user_id uid, protocol::location where) {
  return {true, [uid, where](storage::adapter& db) -> outcome {
            return answer(domain::set_location(db, uid, where));
          }};
}

storage_call find_presence(protocol::user_id me, std::string username) {
  return {false, [me, username](storage::adapter& db) -> outcome {
            return answer(domain::find_presence(db, me, username));
          }};
}

} // namespace troupe::actors::store_calls
