#include "actors/session_commands.hpp"

#include <chrono>

#include <caf/event_based_actor.hpp>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "actors/message_types.hpp"
#include "actors/services.hpp"
#include "protocol/text.hpp"

namespace troupe::actors {

namespace {

using protocol::error_code;

/// Answers `id` with the protocol error `err` stands for.
auto fail_with(user_actor_ptr self, std::string id,
               error_code on_not_found = error_code::internal,
               error_code on_conflict = error_code::internal) {
  return [self, id = std::move(id), on_not_found,
          on_conflict](caf::error& err) {
    reply_error(self, id, to_protocol_error(err, on_not_found, on_conflict));
  };
}

/// Returns the named service, or answers `unavailable` and returns an
/// invalid handle while it restarts.
caf::actor service(user_actor_ptr self, const std::string& id,
                   caf::actor handle) {
  if (!handle)
    reply_error(self, id, error_code::unavailable);
  return handle;
}

std::int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
    .count();
}

// -- commands, one `handle` overload each ---------------------------------------

void handle(user_actor_ptr self, std::string id,
            protocol::register_request& cmd) {
  auto auth = service(self, id, lookup(self->system(), names::authenticator));
  if (!auth)
    return;
  self
    ->request(auth, self->state.ctx->request_timeout, atoms::signup_atom_v,
              std::move(cmd))
    .then(
      [self, id](protocol::user_id uid) {
        send_frame(self, protocol::encode_registered(id, uid));
      },
      fail_with(self, id));
}

void handle(user_actor_ptr self, std::string id,
            protocol::login_request& cmd) {
  auto auth = service(self, id, lookup(self->system(), names::authenticator));
  if (!auth)
    return;
  self
    ->request(auth, self->state.ctx->request_timeout, atoms::login_atom_v,
              std::move(cmd.username), std::move(cmd.password))
    .then(
      [self, id](protocol::user_id uid, std::string& username) {
        auto& st = self->state;
        auto reply = protocol::encode_logged_in(id, uid, username);
        if (st.uid == 0) {
          authenticate(self, uid, std::move(username), std::move(reply));
        } else if (st.uid == uid) {
          send_frame(self, std::move(reply));
        } else {
          reply_error(self, id, error_code::forbidden,
                      "this session is logged in as another user; log out "
                      "first");
        }
      },
      fail_with(self, id));
}

void handle(user_actor_ptr self, std::string id, protocol::ping_request&) {
  send_frame(self, protocol::encode_pong(id, unix_ms()));
}

void handle(user_actor_ptr self, std::string id, protocol::logout_request&) {
  send_frame(self, protocol::encode_ok_empty(id));
  close_session(self, protocol::close_reason::logout);
}

void handle(user_actor_ptr self, std::string id, protocol::token_request&) {
  auto& st = self->state;
  auto ttl = st.ctx->session.token_ttl;
  auto token = st.ctx->tokens.issue({st.uid, st.username},
                                    std::chrono::system_clock::now() + ttl);
  send_frame(self, protocol::encode_token(id, token, ttl.count()));
}

void handle(user_actor_ptr self, std::string id,
            protocol::get_user_request& cmd) {
  if (!protocol::is_valid_username(cmd.username)) {
    reply_error(self, id, error_code::no_such_user);
    return;
  }
  auto& st = self->state;
  auto store = service(self, id,
                       persistence_for(self->system(), *st.ctx,
                                       key_of(cmd.username)));
  if (!store)
    return;
  self
    ->request(store, st.ctx->request_timeout, atoms::user_find_atom_v,
              std::move(cmd.username))
    .then(
      [self, id](storage::user_record& user) {
        auto own = user.uid == self->state.uid;
        send_frame(self, protocol::encode_user(id, user.uid, user.username,
                                               user.profile, own));
      },
      fail_with(self, id, error_code::no_such_user));
}

void handle(user_actor_ptr self, std::string id,
            protocol::update_profile_request& cmd) {
  auto& st = self->state;
  auto store = service(self, id,
                       persistence_for(self->system(), *st.ctx,
                                       key_of(st.username)));
  if (!store)
    return;
  self
    ->request(store, st.ctx->request_timeout, atoms::profile_atom_v, st.uid,
              std::move(cmd.profile))
    .then(
      [self, id](caf::ok_atom) {
        send_frame(self, protocol::encode_ok_empty(id));
      },
      fail_with(self, id));
}

/// Returns whether `cmd` may run before login.
bool allowed_anonymously(const protocol::command& cmd) {
  return std::holds_alternative<protocol::register_request>(cmd)
         || std::holds_alternative<protocol::login_request>(cmd)
         || std::holds_alternative<protocol::ping_request>(cmd);
}

} // namespace

void run_command(user_actor_ptr self, protocol::request req) {
  if (self->state.uid == 0 && !allowed_anonymously(req.body)) {
    reply_error(self, req.id, error_code::not_authenticated);
    return;
  }
  // One `handle` overload per command; a command without one fails to build.
  std::visit([&](auto& cmd) { handle(self, std::move(req.id), cmd); },
             req.body);
}

} // namespace troupe::actors
