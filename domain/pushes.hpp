#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "protocol/ids.hpp"
#include "storage/adapter.hpp"
#include "storage/id_generator.hpp"

/// The rules of a user's backlog: what is stored for them until they
/// acknowledge it, and in which order they get it. Each call runs inside the
/// caller's transaction; the errors listed are the protocol codes a rule
/// answers (any call may also fail with a fault of the store).
namespace troupe::domain {

/// A `system` push stored for a user.
struct system_pushed {
  protocol::user_id uid = 0;
  storage::stored_push push;
};

/// Stores a `system` push for `username`, sent at `now_ms`;
/// `no_such_user`.
result<system_pushed> store_system_message(storage::adapter& db,
                                           storage::id_generator& ids,
                                           std::int64_t now_ms,
                                           const std::string& username,
                                           const std::string& body);

/// Returns the user's backlog after `after`, in id order: their own stored
/// pushes and what their groups hold past their positions there, at most
/// `limit`.
result<std::vector<storage::stored_push>> load_pushes(storage::adapter& db,
                                                      protocol::user_id uid,
                                                      std::int64_t after,
                                                      std::size_t limit);

/// Forgets acknowledged pushes of the user's own and moves their positions
/// in groups (group id → acknowledged up to).
result<void>
forget_pushes(storage::adapter& db, protocol::user_id uid,
              const std::vector<std::int64_t>& push_ids,
              const std::map<std::int64_t, std::int64_t>& positions);

} // namespace troupe::domain
