#pragma once

#include <cstdint>
#include <string>

#include "domain/result.hpp"
#include "protocol/ids.hpp"
#include "protocol/payloads.hpp"
#include "protocol/profile.hpp"
#include "storage/adapter.hpp"

/// The rules of accounts: users, profiles, presence. Each call runs inside
/// the caller's transaction; the errors listed are the protocol codes a
/// rule answers (any call may also fail with a fault of the store).
namespace troupe::domain {

/// Creates a user → its id; `username_taken`.
result<protocol::user_id> create_user(storage::adapter& db,
                                      const storage::new_user& user);

/// Finds a user by name; `no_such_user`.
result<storage::user_record> find_user(storage::adapter& db,
                                       const std::string& username);

/// Changes the fields `update` names; `no_such_user`.
result<void> update_profile(storage::adapter& db, protocol::user_id uid,
                            const protocol::profile_update& update);

/// Checks that the store answers.
result<void> check_health(storage::adapter& db);

/// Records when the user logged in or out.
result<void> touch_last_seen(storage::adapter& db, protocol::user_id uid,
                             std::int64_t ts);

/// Records where the user is.
result<void> set_location(storage::adapter& db, protocol::user_id uid,
                          const protocol::location& where);

/// Returns what `presence` shows `me` of `username`; `not_friends` unless
/// `username` is `me` or a friend (an unknown user too: nobody learns who
/// exists by asking).
result<storage::presence_record> find_presence(storage::adapter& db,
                                               protocol::user_id me,
                                               const std::string& username);

} // namespace troupe::domain
