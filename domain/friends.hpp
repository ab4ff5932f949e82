#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "protocol/ids.hpp"
#include "storage/adapter.hpp"
#include "storage/id_generator.hpp"

/// The rules of friendship: requests, answers, ends, and the pushes that
/// tell the other user. Each call runs inside the caller's transaction, at
/// `now_ms` (ms since the epoch) where it stores a time; the errors listed
/// are the protocol codes a rule answers (any call may also fail with a
/// fault of the store).
namespace troupe::domain {

/// What `friend_request` did, and the push it stored for the other user.
struct friend_request_outcome {
  std::int64_t request_id = 0;
  /// Whether it accepted the other user's pending request instead.
  bool accepted = false;
  protocol::user_id other = 0;
  storage::stored_push push;
};

/// A change of friendship, and the push it stored for the other user.
struct friend_change_outcome {
  protocol::user_id other = 0;
  storage::stored_push push;
};

/// Two users made friends by the admin API, and the `friend_update`
/// pushes it stored for each (none when they were friends already).
struct admin_befriended {
  bool made = false;
  protocol::user_id a = 0;
  protocol::user_id b = 0;
  storage::stored_push to_a;
  storage::stored_push to_b;
};

/// Asks `to_name` to be friends, or accepts their pending request;
/// `no_such_user`, `cannot_friend_self`, `already_friends`,
/// `already_requested`. A new request past `max_pending` pending ones to
/// `to_name`, or from `from`, withdraws the oldest of them with its stored
/// push.
result<friend_request_outcome>
request_friend(storage::adapter& db, storage::id_generator& ids,
               std::int64_t now_ms, protocol::user_id from,
               const std::string& from_name, const std::string& to_name,
               const std::string& note, std::size_t max_pending);

/// Accepts or rejects request `request_id`, which must be addressed to
/// `me`; `no_such_request`.
result<friend_change_outcome>
respond_to_friend(storage::adapter& db, storage::id_generator& ids,
                  std::int64_t now_ms, protocol::user_id me,
                  const std::string& my_name, std::int64_t request_id,
                  bool accept);

/// Ends a friendship; `not_friends`.
result<friend_change_outcome>
remove_friend(storage::adapter& db, storage::id_generator& ids,
              std::int64_t now_ms, protocol::user_id me,
              const std::string& my_name, const std::string& other_name);

/// Makes `a_name` and `b_name` friends at once, dropping pending requests
/// between them; `no_such_user`.
result<admin_befriended> befriend_now(storage::adapter& db,
                                      storage::id_generator& ids,
                                      std::int64_t now_ms,
                                      const std::string& a_name,
                                      const std::string& b_name);

/// Returns at most `limit` friends from the `offset`th on, as `friends`
/// orders them.
result<std::vector<storage::friend_record>> list_friends(storage::adapter& db,
                                                         protocol::user_id uid,
                                                         std::size_t offset,
                                                         std::size_t limit);

/// Returns the pending requests from and to `uid`, oldest first.
result<std::vector<storage::friend_request_record>>
list_friend_requests(storage::adapter& db, protocol::user_id uid);

} // namespace troupe::domain
