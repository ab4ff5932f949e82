#pragma once

#include <deque>

#include <caf/actor_clock.hpp>
#include <caf/fwd.hpp>

#include "protocol/requests.hpp"

namespace troupe::actors {

struct user_state;

/// A session's budget of messages: `send` and `group_send` spend from a
/// token bucket (`limits.send_rate` per second, up to `limits.send_burst`
/// saved up). A message past the budget is not refused (PROTOCOL.md lists
/// no such error for it) but waits for its token, and every frame behind
/// it waits too, in order; since waiting frames are not done, the socket
/// is no longer read once they fill the read window: the client is slowed
/// down, by TCP, to the rate.
struct pacing_state {
  /// Tokens in the bucket, refilled on use from the time since `refilled`.
  double tokens = 0;
  caf::actor_clock::time_point refilled{};
  bool started = false;
  /// Requests that wait for a token, or behind one that does, in arrival
  /// order; at most the read window's worth.
  std::deque<protocol::request> waiting;
  /// Whether a timer will let the first one go.
  bool timer_armed = false;
};

using user_actor_ptr = caf::stateful_actor<user_state>*;

namespace pacing {

/// Returns whether `req` may run now; otherwise keeps it, to run it when
/// its turn and its token come (`on_timer`).
bool admit(user_actor_ptr self, protocol::request& req);

/// Runs the waiting requests whose token has come.
void on_timer(user_actor_ptr self);

} // namespace pacing

} // namespace troupe::actors
