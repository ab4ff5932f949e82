#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <caf/actor.hpp>
#include <caf/actor_clock.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/context.hpp"
#include "net/connection.hpp"
#include "protocol/encoder.hpp"
#include "protocol/error_code.hpp"
#include "protocol/ids.hpp"
#include "protocol/token.hpp"

namespace troupe::actors {

/// One WebSocket session: the connection it writes to and, once logged in,
/// the user it speaks for.
struct user_state {
  /// The socket's outbound half; null once the socket is gone.
  std::shared_ptr<net::connection> conn;
  context_ptr ctx;
  /// The logged-in user; 0 before authentication.
  protocol::user_id uid = 0;
  std::string username;
  /// When this session authenticated (ns since the epoch), so that the
  /// directory can tell the newer of two sessions of one user.
  std::int64_t login_time = 0;
  /// The directory this session is attached to, monitored to re-attach
  /// should it restart.
  caf::actor directory;
  /// Frames in a row answered `bad_request` or `unknown_type`.
  std::size_t bad_frames = 0;
  /// When the last frame or WebSocket ping arrived.
  caf::actor_clock::time_point last_activity{};
  static inline const char* name = "user_actor";
};

using user_actor_ptr = caf::stateful_actor<user_state>*;

/// The actor behind one WebSocket connection. It decodes the frames the net
/// layer hands it (`(frame, text)`, `(activity)`, `(closed)`), runs the
/// commands, and writes replies and pushes to `conn`. With `claims` (from
/// `/ws?token=`) it starts logged in; otherwise `login` does that. Once
/// logged in it sends `welcome` and attaches to the directory, which may
/// later tell it `replaced`. It closes idle connections (heartbeat) and
/// connections that send too many bad frames in a row.
caf::behavior user_actor(user_actor_ptr self,
                         std::shared_ptr<net::connection> conn,
                         context_ptr ctx,
                         std::optional<protocol::token_claims> claims);

// -- what command handlers share ----------------------------------------------

/// Writes `frame` to the connection, if it is still open.
void send_frame(user_actor_ptr self, std::string frame);

/// Answers request `id` with `code`.
void reply_error(user_actor_ptr self, const std::string& id,
                 protocol::error_code code, std::string_view message = {});

/// Makes `uid` the session's user: sends `welcome` and attaches to the
/// directory. `before_welcome` is written first (the `login` reply).
void authenticate(user_actor_ptr self, protocol::user_id uid,
                  std::string username, std::string before_welcome = {});

/// Pushes `closing` with `reason`, closes the socket and stops the actor.
void close_session(user_actor_ptr self, protocol::close_reason reason);

} // namespace troupe::actors
