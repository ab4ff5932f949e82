#pragma once

#include <caf/actor_clock.hpp>
#include <caf/actor_control_block.hpp>
#include <caf/allowed_unsafe_message_type.hpp>

namespace troupe::actors {

/// Who waits for a hashing job, and until when. A job nobody waits for any
/// more is dropped unhashed: hashing it would only delay the jobs behind.
struct hash_waiter {
  /// The client's actor (a session, or the HTTP call's), not held alive.
  caf::weak_actor_ptr requester;
  caf::actor_clock::time_point deadline;

  /// Returns whether the requester has gone or `now` is past the deadline.
  bool expired(caf::actor_clock::time_point now) const;
};

} // namespace troupe::actors

// A weak handle and a local clock's time: hashers serve their own node only.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(troupe::actors::hash_waiter)
