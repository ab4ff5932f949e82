#pragma once

// The command handlers of a session, one `handle` overload per command of
// PROTOCOL.md, spread over session_commands.cpp (accounts),
// friend_commands.cpp, message_commands.cpp and group_commands.cpp; and what
// they share.

#include <string>
#include <type_traits>
#include <utility>

#include <caf/event_based_actor.hpp>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "actors/group_request.hpp"
#include "actors/services.hpp"
#include "actors/storage_call.hpp"
#include "actors/store_request.hpp"
#include "actors/user_actor.hpp"
#include "protocol/requests.hpp"

namespace troupe::actors {

// -- accounts (session_commands.cpp) ------------------------------------------

void handle(user_actor_ptr self, std::string id, protocol::register_command&);
void handle(user_actor_ptr self, std::string id, protocol::login_command&);
void handle(user_actor_ptr self, std::string id, protocol::ping_command&);
void handle(user_actor_ptr self, std::string id, protocol::logout_command&);
void handle(user_actor_ptr self, std::string id, protocol::token_command&);
void handle(user_actor_ptr self, std::string id, protocol::get_user_command&);
void handle(user_actor_ptr self, std::string id,
            protocol::update_profile_command&);

// -- friends (friend_commands.cpp) --------------------------------------------

void handle(user_actor_ptr self, std::string id,
            protocol::friend_request_command&);
void handle(user_actor_ptr self, std::string id,
            protocol::friend_respond_command&);
void handle(user_actor_ptr self, std::string id,
            protocol::friend_remove_command&);
void handle(user_actor_ptr self, std::string id, protocol::friends_command&);
void handle(user_actor_ptr self, std::string id,
            protocol::friend_requests_command&);

// -- messages and presence (message_commands.cpp) -----------------------------

void handle(user_actor_ptr self, std::string id, protocol::send_command&);
void handle(user_actor_ptr self, std::string id, protocol::history_command&);
void handle(user_actor_ptr self, std::string id, protocol::presence_command&);
void handle(user_actor_ptr self, std::string id,
            protocol::set_location_command&);
void handle(user_actor_ptr self, std::string id, protocol::ack_command&);

// -- groups (group_commands.cpp) ----------------------------------------------

void handle(user_actor_ptr self, std::string id,
            protocol::group_create_command&);
void handle(user_actor_ptr self, std::string id, protocol::groups_command&);

/// Passes a command about one group to the group's actor, through the hub,
/// and writes its answer: the reply, or the error.
void ask_group(user_actor_ptr self, std::string id, group_request::command cmd);

/// Every command about one group goes to the group's actor (`history`,
/// which may be about a friend instead, has an overload of its own).
template <class Command,
          class = std::enable_if_t<group_request::carries<Command>>>
void handle(user_actor_ptr self, std::string id, Command& cmd) {
  ask_group(self, std::move(id), std::move(cmd));
}

// -- shared -------------------------------------------------------------------

/// Returns a handler that answers request `id` with the protocol error an
/// actor's failure stands for.
inline auto fail_with(user_actor_ptr self, std::string id) {
  return [self, id = std::move(id)](caf::error& err) {
    reply_error(self, id, to_protocol_error(err), client_message(err));
  };
}

/// Runs `call` on the persistence worker of the session's user (so the
/// user's writes keep their order) and hands its answer to `on_ok`;
/// failures answer request `id`.
template <class T, class OnOk>
void with_store(user_actor_ptr self, const std::string& id,
                storage_call<T> call, OnOk on_ok) {
  auto& st = self->state;
  auto store = persistence_for(self->system(), *st.ctx, st.uid);
  if (!store) {
    reply_error(self, id, protocol::error_code::unavailable);
    return;
  }
  ask_store(self, store, st.ctx->request_timeout, std::move(call),
            std::move(on_ok), fail_with(self, id));
}

} // namespace troupe::actors
