#include "actors/store_call_support.hpp"

namespace troupe::actors::store_calls {

using namespace detail;

storage_call create_user(storage::new_user user) {
  return {true, [user](storage::adapter& db) -> outcome {
            auto uid = db.user_create(user);
            if (!uid)
              return failure(uid.error(), error_code::internal,
                             error_code::username_taken);
            return answer(*uid);
          }};
}

storage_call find_user(std::string username) {
  return {false, [username](storage::adapter& db) -> outcome {
            auto user = db.user_by_name(username);
            if (!user)
              return failure(user.error(), error_code::no_such_user);
            return answer(std::move(*user));
          }};
}

storage_call update_profile(protocol::user_id uid,
                            protocol::profile_update update) {
  return {true, [uid, update](storage::adapter& db) -> outcome {
            auto done = db.user_update_profile(uid, update);
            if (!done)
              return failure(done.error(), error_code::no_such_user);
            return ok();
          }};
}

storage_call check_health() {
  return {false, [](storage::adapter& db) -> outcome {
            return ok_or_failure(db.ping());
          }};
}

storage_call touch_last_seen(protocol::user_id uid, std::int64_t ts) {
  return {true, [uid, ts](storage::adapter& db) -> outcome {
            return ok_or_failure(db.user_set_last_seen(uid, ts));
          }};
}

storage_call set_location(protocol::user_id uid, protocol::location where) {
  return {true, [uid, where](storage::adapter& db) -> outcome {
            return ok_or_failure(db.user_set_location(uid, where));
          }};
}

storage_call find_presence(protocol::user_id me, std::string username) {
  return {false, [me, username](storage::adapter& db) -> outcome {
            auto found = db.presence_of(username);
            if (!found)
              return failure(found.error(), error_code::not_friends);
            if (found->uid != me) {
              auto friends = db.friendship_exists(me, found->uid);
              if (!friends)
                return failure(friends.error());
              if (!*friends)
                return caf::make_error(error_code::not_friends);
            }
            return answer(std::move(*found));
          }};
}

} // namespace troupe::actors::store_calls
