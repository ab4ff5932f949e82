#include "domain/accounts.hpp"

namespace troupe::domain {

using protocol::error_code;

result<protocol::user_id> create_user(storage::adapter& db,
                                      const storage::new_user& user) {
  auto uid = db.user_create(user);
  if (!uid)
    return from_store(uid.error(), error_code::internal,
                      error_code::username_taken);
  return *uid;
}

result<storage::user_record> find_user(storage::adapter& db,
                                       const std::string& username) {
  auto user = db.user_by_name(username);
  if (!user)
    return from_store(user.error(), error_code::no_such_user);
  return std::move(*user);
}

result<void> update_profile(storage::adapter& db, protocol::user_id uid,
                            const protocol::profile_update& update) {
  return checked(db.user_update_profile(uid, update), error_code::no_such_user);
}

result<void> check_health(storage::adapter& db) {
  return checked(db.ping());
}

result<void> touch_last_seen(storage::adapter& db, protocol::user_id uid,
                             std::int64_t ts) {
  return checked(db.user_set_last_seen(uid, ts));
}

result<void> set_location(storage::adapter& db, protocol::user_id uid,
                          const protocol::location& where) {
  return checked(db.user_set_location(uid, where));
}

result<storage::presence_record> find_presence(storage::adapter& db,
                                               protocol::user_id me,
                                               const std::string& username) {
  auto found = db.presence_of(username);
  if (!found)
    return from_store(found.error(), error_code::not_friends);
  if (found->uid != me) {
    auto friends = db.friendship_exists(me, found->uid);
    if (!friends)
      return from_store(friends.error());
    if (!*friends)
      return error_code::not_friends;
  }
  return std::move(*found);
}

} // namespace troupe::domain
