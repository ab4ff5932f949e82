#pragma once

#include <cstdint>
#include <string>

#include "protocol/ids.hpp"
#include "protocol/profile.hpp"

namespace troupe::storage {

/// A user as stored.
struct user_record {
  protocol::user_id uid = 0;
  std::string username;
  /// argon2id hash in libsodium's string format; never leaves the node.
  std::string password_hash;
  protocol::profile profile;
  /// Milliseconds since the epoch.
  std::int64_t created_at = 0;
};

/// What `user_create` stores; the store assigns the id.
struct new_user {
  std::string username;
  std::string password_hash;
  protocol::profile profile;
  std::int64_t created_at = 0;
};

} // namespace troupe::storage
