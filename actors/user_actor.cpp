#include "actors/user_actor.hpp"

#include <algorithm>
#include <chrono>

#include <caf/send.hpp>

#include "actors/atoms.hpp"
#include "actors/services.hpp"
#include "actors/session_commands.hpp"
#include "actors/store_calls.hpp"
#include "actors/store_request.hpp"
#include "protocol/decoder.hpp"

namespace troupe::actors {

namespace {

// How long a session waits before it tries again to attach to a directory
// that is restarting.
constexpr auto reattach_delay = std::chrono::milliseconds{200};

net::close_code close_code_for(protocol::close_reason reason) {
  switch (reason) {
    case protocol::close_reason::protocol_error:
      return net::close_code::policy_violation;
    case protocol::close_reason::server_shutdown:
      return net::close_code::going_away;
    default: return net::close_code::normal;
  }
}

std::int64_t unix_ns() {
  using namespace std::chrono;
  return duration_cast<nanoseconds>(system_clock::now().time_since_epoch())
    .count();
}

/// Records the time of a login or logout; nothing waits for it (an
/// anonymous send: no answer comes back).
void touch_last_seen(user_actor_ptr self) {
  auto& st = self->state;
  if (auto store = persistence_for(self->system(), *st.ctx, st.uid))
    tell_store(store,
               store_calls::touch_last_seen(st.uid, unix_ns() / 1'000'000));
}

/// Registers this session as its user's one live session.
void attach(user_actor_ptr self) {
  auto& st = self->state;
  auto dir = lookup(self->system(), names::directory);
  if (!dir) {
    self->delayed_send(self, reattach_delay, atoms::reattach_atom_v);
    return;
  }
  auto where = st.conn ? st.conn->remote() : net::remote_endpoint{};
  self
    ->request(dir, st.ctx->request_timeout, atoms::attach_atom_v, st.uid,
              caf::actor_cast<session_actor>(self), st.login_time,
              std::move(where.address), where.port)
    .then(
      [self, dir](bool replaced_other) {
        self->state.directory = dir;
        self->monitor(dir);
        // Only now do pushes routed to the user reach this session, so
        // only now can the stored ones be read without missing any.
        delivery::start(self);
        presence::on_attached(self, replaced_other);
      },
      [self](caf::error&) {
        self->delayed_send(self, reattach_delay, atoms::reattach_atom_v);
      });
}

/// How a session ends.
enum class farewell {
  /// A newer session of the user took over: no change of presence.
  handed_over,
  /// The node shuts down: everyone goes, nobody is told.
  quietly,
  /// The user went: friends hear it if this was the user's live session.
  announced,
};

/// Stops the actor; a session that ends with `announced` first detaches
/// and, if it was the user's live session, tells the user's friends.
void leave(user_actor_ptr self, farewell how) {
  auto& st = self->state;
  if (st.leaving)
    return;
  st.leaving = true;
  // A monitor outlives its observer in CAF: left on the directory, it
  // would keep this session's memory for as long as the directory lives.
  if (st.directory)
    self->demonitor(st.directory.address());
  if (how == farewell::handed_over) {
    // The newer session reads the backlog once this one answers the
    // directory: only after the acks this one took are stored.
    delivery::flush_acks(self, [self] {
      auto& handed_over = self->state.handed_over;
      if (handed_over.pending())
        handed_over.deliver(true);
      self->quit();
    });
    return;
  }
  delivery::flush_acks(self);
  auto dir = st.directory;
  if (how != farewell::announced || st.uid == 0 || !dir) {
    self->quit();
    return;
  }
  self
    ->request(dir, st.ctx->request_timeout, atoms::detach_atom_v, st.uid,
              caf::actor_cast<session_actor>(self))
    .then(
      [self](bool was_live) {
        if (!was_live) {
          self->quit();
          return;
        }
        touch_last_seen(self);
        presence::announce_offline(self, [self] { self->quit(); });
      },
      [self](caf::error&) { self->quit(); });
}

/// Schedules the next idle check: when the session would reach the timeout
/// without further activity, but never sooner than the check interval.
void schedule_heartbeat(user_actor_ptr self) {
  auto& session = self->state.ctx->session;
  auto idle = self->clock().now() - self->state.last_activity;
  auto wait = std::max(session.heartbeat_check_interval,
                       session.heartbeat_timeout - idle);
  self->state.alarm.send_later(self->system(), wait, atoms::heartbeat_atom_v);
}

void on_heartbeat(user_actor_ptr self) {
  if (self->state.leaving)
    return;
  auto idle = self->clock().now() - self->state.last_activity;
  if (idle >= self->state.ctx->session.heartbeat_timeout)
    close_session(self, protocol::close_reason::idle_timeout);
  else
    schedule_heartbeat(self);
}

void on_frame(user_actor_ptr self, std::string& text) {
  auto& st = self->state;
  if (st.leaving)
    return;
  st.last_activity = self->clock().now();
  auto decoded = protocol::decode_request(text, st.ctx->limits);
  if (auto* err = std::get_if<protocol::decode_error>(&decoded)) {
    st.ctx->metrics->count_request(telemetry::node_metrics::undecoded_request,
                                   err->code);
    send_frame(self, protocol::encode_error(err->id, err->code, err->message));
    frame_done(self);
    if (!protocol::counts_as_bad_frame(err->code))
      st.bad_frames = 0;
    else if (++st.bad_frames > st.ctx->session.max_bad_frames)
      close_session(self, protocol::close_reason::protocol_error);
    return;
  }
  st.bad_frames = 0;
  auto& req = std::get<protocol::request>(decoded);
  if (pacing::admit(self, req))
    run_command(self, std::move(req));
}

} // namespace

void send_frame(user_actor_ptr self, std::string frame) {
  send_frame(self, std::make_shared<const std::string>(std::move(frame)));
}

void send_frame(user_actor_ptr self, std::shared_ptr<const std::string> frame) {
  if (auto& conn = self->state.conn)
    conn->send(std::move(frame));
}

void frame_done(user_actor_ptr self) {
  if (auto& conn = self->state.conn)
    conn->frame_done();
}

void settle_request(user_actor_ptr self, const std::string& id,
                    std::optional<protocol::error_code> error) {
  auto& open = self->state.open_requests;
  auto i = std::find_if(open.begin(), open.end(),
                        [&](auto& request) { return request.first == id; });
  if (i == open.end())
    return;
  self->state.ctx->metrics->count_request(i->second, error);
  open.erase(i);
  frame_done(self);
}

void reply(user_actor_ptr self, const std::string& id, std::string frame) {
  settle_request(self, id, std::nullopt);
  send_frame(self, std::move(frame));
}

void reply_error(user_actor_ptr self, const std::string& id,
                 protocol::error_code code, std::string_view message) {
  settle_request(self, id, code);
  send_frame(self, protocol::encode_error(id, code, message));
}

void authenticate(user_actor_ptr self, protocol::user_id uid,
                  std::string username, std::string before_welcome) {
  auto& st = self->state;
  st.uid = uid;
  st.username = std::move(username);
  st.login_time = unix_ns();
  // A user may have many requests under way; a stranger only a handful.
  if (st.conn)
    st.conn->set_read_window(st.ctx->session.max_inflight_requests);
  if (!before_welcome.empty())
    send_frame(self, std::move(before_welcome));
  send_frame(self, protocol::encode_welcome(st.uid, st.username));
  attach(self);
  touch_last_seen(self);
}

void close_session(user_actor_ptr self, protocol::close_reason reason) {
  auto& st = self->state;
  if (st.conn) {
    send_frame(self, protocol::encode_closing(reason));
    st.conn->close(close_code_for(reason));
    st.conn.reset();
  }
  switch (reason) {
    case protocol::close_reason::replaced:
      leave(self, farewell::handed_over);
      break;
    case protocol::close_reason::server_shutdown:
      leave(self, farewell::quietly);
      break;
    default: leave(self, farewell::announced);
  }
}

void drop_session(user_actor_ptr self, net::close_code code) {
  auto& st = self->state;
  if (st.conn) {
    st.conn->close(code);
    st.conn.reset();
  }
  leave(self, farewell::announced);
}

void route_push(user_actor_ptr self, protocol::user_id uid,
                push_envelope push) {
  if (auto dir = lookup(self->system(), names::directory))
    self->send(dir, atoms::deliver_atom_v, uid, std::move(push));
}

session_actor::behavior_type
user_actor(user_actor_ptr self, std::shared_ptr<net::connection> conn,
           context_ptr ctx, std::optional<protocol::token_claims> claims) {
  auto& st = self->state;
  st.conn = std::move(conn);
  st.ctx = std::move(ctx);
  st.last_activity = self->clock().now();
  st.pacing = pacing::start(st.ctx->session);
  st.alarm = alarm_handle{self->address()};
  st.delivery.pending.bind(&st.ctx->metrics->pending_acks);
  schedule_heartbeat(self);
  if (claims)
    authenticate(self, claims->uid, std::move(claims->username));
  else
    st.alarm.send_later(self->system(), st.ctx->session.login_timeout,
                        atoms::login_deadline_atom_v);
  self->set_down_handler([self](caf::down_msg& dm) {
    // The directory restarted and forgot us: attach to its successor.
    if (dm.source == self->state.directory.address()) {
      self->state.directory = nullptr;
      self->delayed_send(self, reattach_delay, atoms::reattach_atom_v);
    }
  });
  return {
    [self](atoms::frame_atom, std::string& text) { on_frame(self, text); },
    [self](atoms::activity_atom) {
      self->state.last_activity = self->clock().now();
    },
    [self](atoms::closed_atom) {
      self->state.conn.reset();
      leave(self, farewell::announced);
    },
    [self](atoms::heartbeat_atom) { on_heartbeat(self); },
    [self](atoms::pace_atom) { pacing::on_timer(self); },
    [self](atoms::login_deadline_atom) {
      // A socket that never logs in holds a file descriptor and memory for
      // nobody: let it go.
      if (self->state.uid == 0 && !self->state.leaving)
        drop_session(self, net::close_code::policy_violation);
    },
    [self](atoms::push_atom, push_envelope& push) {
      delivery::on_push(self, std::move(push));
    },
    [self](atoms::node_presence_atom, const member_set& users, bool online) {
      if (self->state.uid != 0 && !self->state.leaving)
        presence::announce_node_presence(self, users, online);
    },
    [self](atoms::resend_atom) { delivery::on_resend_timer(self); },
    [self](atoms::resync_atom) {
      auto& st = self->state;
      if (st.uid != 0 && st.directory && !st.leaving)
        delivery::start(self);
    },
    [self](atoms::flush_atom) { delivery::on_acks_timer(self); },
    [self](atoms::positions_atom) { delivery::on_positions_timer(self); },
    [self](atoms::replaced_atom) {
      auto& st = self->state;
      auto handed_over = self->make_response_promise<bool>();
      if (st.leaving) {
        // Its acks went to the store when it began to leave, ahead of
        // anything the newer session will ask of the store.
        handed_over.deliver(true);
        return handed_over;
      }
      st.handed_over = handed_over;
      close_session(self, protocol::close_reason::replaced);
      return handed_over;
    },
    [self](atoms::shutdown_atom) {
      close_session(self, protocol::close_reason::server_shutdown);
    },
    [self](atoms::reattach_atom) {
      auto& st = self->state;
      if (st.uid != 0 && !st.directory && !st.leaving)
        attach(self);
    },
  };
}

} // namespace troupe::actors
