#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <caf/actor_clock.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/alarm_handle.hpp"
#include "actors/context.hpp"
#include "actors/delivery.hpp"
#include "actors/interfaces.hpp"
#include "actors/presence.hpp"
#include "actors/request_pacing.hpp"
#include "net/connection.hpp"
#include "protocol/encoder.hpp"
#include "protocol/error_code.hpp"
#include "protocol/ids.hpp"
#include "protocol/token.hpp"

namespace troupe::actors {

/// One WebSocket session: the connection it writes to and, once logged in,
/// the user it speaks for.
struct user_state {
  // -- the connection ---------------------------------------------------------

  /// The socket's outbound half; null once the socket is gone.
  std::shared_ptr<net::connection> conn;
  context_ptr ctx;
  /// Frames in a row answered `bad_request` or `unknown_type`.
  std::size_t bad_frames = 0;
  /// When the last frame or WebSocket ping arrived.
  caf::actor_clock::time_point last_activity{};
  /// Requests not yet answered: their id and kind (the index of their
  /// command), so the answer counts in `troupe_requests_total`.
  std::vector<std::pair<std::string, std::size_t>> open_requests;

  // -- the user ---------------------------------------------------------------

  /// The logged-in user; 0 before authentication.
  protocol::user_id uid = 0;
  std::string username;
  /// When this session authenticated (ns since the epoch), so that the
  /// directory can tell the newer of two sessions of one user.
  std::int64_t login_time = 0;
  /// The directory this session is attached to, monitored to re-attach
  /// should it restart.
  directory_actor directory;
  /// Whether the session is on its way out (waiting for the directory).
  bool leaving = false;
  /// The directory's question `replaced`, answered once this session's
  /// acknowledgements are stored.
  caf::typed_response_promise<bool> handed_over;

  delivery_state delivery;
  presence_state presence;
  pacing_state pacing;
  /// Sends this session its timer ticks (heartbeat, login deadline,
  /// resends, ack and position flushes) without keeping it in memory once
  /// it has gone.
  alarm_handle alarm;

  static inline const char* name = "user_actor";
};

/// The actor behind one WebSocket connection (`session_actor`). It decodes
/// the frames the net layer hands it, runs the
/// commands, and writes replies and pushes to `conn`. With `claims` (from
/// `/ws?token=`) it starts logged in; otherwise `login` does that. Once
/// logged in it sends `welcome`, attaches to the directory (which may later
/// tell it `replaced`), sends the user's stored pushes and takes pushes
/// routed to it (`(push, envelope)`). It closes idle connections
/// (heartbeat), connections that send too many bad frames in a row, and
/// clients too slow to acknowledge their pushes.
session_actor::behavior_type
user_actor(user_actor_ptr self, std::shared_ptr<net::connection> conn,
           context_ptr ctx, std::optional<protocol::token_claims> claims);

// -- what command handlers share ----------------------------------------------

/// Writes `frame` to the connection, if it is still open.
void send_frame(user_actor_ptr self, std::string frame);

/// Writes a frame many sessions share.
void send_frame(user_actor_ptr self, std::shared_ptr<const std::string> frame);

/// Answers request `id` with `frame`, a success.
void reply(user_actor_ptr self, const std::string& id, std::string frame);

/// Tells the connection one frame is dealt with, so that it reads on.
void frame_done(user_actor_ptr self);

/// Counts the answer to request `id` (ok without `error`), for a reply
/// written some other way, and tells the connection its frame is done.
void settle_request(user_actor_ptr self, const std::string& id,
                    std::optional<protocol::error_code> error);

/// Answers request `id` with `code`.
void reply_error(user_actor_ptr self, const std::string& id,
                 protocol::error_code code, std::string_view message = {});

/// Makes `uid` the session's user: sends `welcome`, attaches to the
/// directory, starts delivery and presence. `before_welcome` is written
/// first (the `login` reply).
void authenticate(user_actor_ptr self, protocol::user_id uid,
                  std::string username, std::string before_welcome = {});

/// Pushes `closing` with `reason`, closes the socket and stops the actor.
void close_session(user_actor_ptr self, protocol::close_reason reason);

/// Closes the socket with `code` without a `closing` push (a client too
/// slow to read) and stops the actor.
void drop_session(user_actor_ptr self, net::close_code code);

/// Routes `push` to user `uid` through the directory, if they are online.
void route_push(user_actor_ptr self, protocol::user_id uid, push_envelope push);

} // namespace troupe::actors
