#pragma once

#include <list>

#include <caf/fwd.hpp>

#include "actors/interfaces.hpp"
#include "actors/token_bucket.hpp"
#include "protocol/requests.hpp"

namespace troupe::actors {

struct session_settings;

/// A session's budgets: every request but `ack` spends a token of
/// `limits.request_rate` / `limits.request_burst`, and messages (`send`,
/// `group_send`, `friend_request`) one of `limits.send_rate` /
/// `limits.send_burst` as well. A request past a budget is not refused
/// (PROTOCOL.md lists no such error for these commands) but waits for its
/// token, and every request behind it waits too, in order; since waiting
/// frames are not done, the socket is no longer read once they fill the
/// read window: the client is slowed down, by TCP, to the rate, and so is
/// the CPU and storage it can take. Acks never wait: they answer the node's
/// own pushes.
struct pacing_state {
  token_bucket requests;
  token_bucket messages;
  /// Requests that wait for a token, or behind one that does, in arrival
  /// order; at most the read window's worth. A list: an empty deque holds
  /// ~600 bytes, and it is empty in nearly every session.
  std::list<protocol::request> waiting;
  /// Whether a timer will let the first one go.
  bool timer_armed = false;
};

namespace pacing {

/// Returns a session's budgets, full.
pacing_state start(const session_settings& settings);

/// Returns whether `req` may run now; otherwise keeps it, to run it when
/// its turn and its tokens come (`on_timer`).
bool admit(user_actor_ptr self, protocol::request& req);

/// Runs the waiting requests whose tokens have come.
void on_timer(user_actor_ptr self);

} // namespace pacing

} // namespace troupe::actors
