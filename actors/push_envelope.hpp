#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>

#include "protocol/ids.hpp"

namespace troupe::actors {

/// A push on its way to a session, encoded once for every recipient.
struct push_envelope {
  /// The push's id; 0 for pushes that are not acknowledged (`presence`).
  std::int64_t push_id = 0;
  std::shared_ptr<const std::string> frame;
  /// The group whose stream holds the push: acknowledging it moves the
  /// member's position there. 0 for a push of the user's own.
  std::int64_t group_id = 0;
};

/// The members of a group, shared by its actor with the directory for a
/// fan-out; the group actor copies it before changing it while shared.
using member_set = std::shared_ptr<const std::unordered_set<protocol::user_id>>;

/// Where a session's socket comes from, for `friends` with
/// `presence.share_address`.
struct session_address {
  bool online = false;
  std::string ip;
  std::uint16_t port = 0;
};

} // namespace troupe::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(troupe::actors::push_envelope)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(troupe::actors::session_address)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(troupe::actors::member_set)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<troupe::actors::session_address>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<troupe::protocol::user_id>)
