#include "actors/session_commands.hpp"

#include <chrono>

#include "actors/command_handlers.hpp"
#include "actors/store_calls.hpp"

namespace troupe::actors {

namespace {

using protocol::error_code;

std::int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
    .count();
}

/// Returns the authenticator, or answers `unavailable` while it restarts.
authenticator_actor authenticator_for(user_actor_ptr self,
                                      const std::string& id) {
  auto auth = lookup(self->system(), names::authenticator);
  if (!auth)
    reply_error(self, id, error_code::unavailable);
  return auth;
}

/// Returns whether `cmd` may run before login.
bool allowed_anonymously(const protocol::command& cmd) {
  return std::holds_alternative<protocol::register_command>(cmd)
         || std::holds_alternative<protocol::login_command>(cmd)
         || std::holds_alternative<protocol::ping_command>(cmd);
}

} // namespace

void handle(user_actor_ptr self, std::string id,
            protocol::register_command& cmd) {
  auto auth = authenticator_for(self, id);
  if (!auth)
    return;
  self
    ->request(auth, self->state.ctx->request_timeout, atoms::signup_atom_v,
              std::move(cmd), self->state.conn->remote().address)
    .then(
      [self, id](protocol::user_id uid) {
        reply(self, id, protocol::encode_registered(id, uid));
      },
      fail_with(self, id));
}

void handle(user_actor_ptr self, std::string id, protocol::login_command& cmd) {
  auto auth = authenticator_for(self, id);
  if (!auth)
    return;
  self
    ->request(auth, self->state.ctx->request_timeout, atoms::login_atom_v,
              std::move(cmd.username), std::move(cmd.password),
              self->state.conn->remote().address)
    .then(
      [self, id](protocol::user_id uid, std::string& username) {
        auto& st = self->state;
        st.ctx->metrics->logins.count(std::nullopt);
        auto answer = protocol::encode_logged_in(id, uid, username);
        if (st.uid == 0) {
          settle_request(self, id, std::nullopt);
          authenticate(self, uid, std::move(username), std::move(answer));
        } else if (st.uid == uid) {
          reply(self, id, std::move(answer));
        } else {
          reply_error(self, id, error_code::forbidden,
                      "this session is logged in as another user; log out "
                      "first");
        }
      },
      [self, id](caf::error& err) {
        auto code = to_protocol_error(err);
        self->state.ctx->metrics->logins.count(code);
        reply_error(self, id, code, client_message(err));
      });
}

void handle(user_actor_ptr self, std::string id, protocol::ping_command&) {
  reply(self, id, protocol::encode_pong(id, unix_ms()));
}

void handle(user_actor_ptr self, std::string id, protocol::logout_command&) {
  // The acks are forgotten in storage before the client hears ok: a login
  // it makes next reads its backlog after them (one user, one worker) and
  // does not get what it acknowledged again.
  delivery::flush_acks(self);
  reply(self, id, protocol::encode_ok_empty(id));
  close_session(self, protocol::close_reason::logout);
}

void handle(user_actor_ptr self, std::string id, protocol::token_command&) {
  auto& st = self->state;
  auto ttl = st.ctx->session.token_ttl;
  auto token = st.ctx->tokens.issue({st.uid, st.username},
                                    std::chrono::system_clock::now() + ttl);
  reply(self, id, protocol::encode_token(id, token, ttl.count()));
}

void handle(user_actor_ptr self, std::string id,
            protocol::get_user_command& cmd) {
  with_store(self, id, store_calls::find_user(std::move(cmd.username)),
             [self, id](storage::user_record& user) {
               auto own = user.uid == self->state.uid;
               reply(self, id,
                     protocol::encode_user(id, user.uid, user.username,
                                           user.profile, own));
             });
}

void handle(user_actor_ptr self, std::string id,
            protocol::update_profile_command& cmd) {
  with_store(
    self, id,
    store_calls::update_profile(self->state.uid, std::move(cmd.profile)),
    [self, id]() { reply(self, id, protocol::encode_ok_empty(id)); });
}

void run_command(user_actor_ptr self, protocol::request req) {
  auto& metrics = *self->state.ctx->metrics;
  auto kind = req.body.index();
  auto is_ack = std::holds_alternative<protocol::ack_command>(req.body);
  if (self->state.uid == 0 && !allowed_anonymously(req.body)) {
    metrics.count_request(kind, error_code::not_authenticated);
    // An ack has no request id: its answer carries none either.
    std::optional<std::string> id;
    if (!is_ack)
      id = req.id;
    send_frame(self, protocol::encode_error(id, error_code::not_authenticated));
    frame_done(self);
    return;
  }
  if (is_ack) {
    metrics.count_request(kind, std::nullopt); // never answered
    frame_done(self);
  } else {
    self->state.open_requests.emplace_back(req.id, kind);
  }
  // One `handle` overload per command; a command without one fails to build.
  std::visit([&](auto& cmd) { handle(self, std::move(req.id), cmd); },
             req.body);
}

} // namespace troupe::actors
