#pragma once

// What the group actor's files (group_actor.cpp: its life cycle;
// group_rules.cpp: its commands) share. Not for other files.

#include <string>
#include <utility>

#include <caf/make_message.hpp>
#include <caf/result.hpp>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "actors/group_actor.hpp"
#include "actors/group_request.hpp"
#include "actors/push_envelope.hpp"
#include "actors/services.hpp"
#include "actors/storage_call.hpp"
#include "actors/store_request.hpp"
#include "protocol/error_code.hpp"

namespace troupe::actors::group_detail {

using reply = caf::result<std::string>;
using member = group_actor_state::member;

caf::error refuse(protocol::error_code code);

/// Returns the member `uid`, or null.
const member* member_of(group_actor_ptr self, protocol::user_id uid);

/// Returns the member named `username`, with their id.
std::pair<protocol::user_id, const member*>
member_named(group_actor_ptr self, const std::string& username);

void add_member(group_actor_ptr self, protocol::user_id uid,
                std::string username, protocol::group_role role);

void remove_member(group_actor_ptr self, protocol::user_id uid);

/// Returns `push` ready for the sessions, encoded once for all of them.
push_envelope envelope_of(storage::stored_push& push, std::int64_t group_id);

/// Hands `push` to every online member but `except`. Should the directory
/// be restarting, the members find the push in storage at their next login.
void fan_out(group_actor_ptr self, push_envelope push,
             protocol::user_id except = 0);

/// Counts a storage call answered; a stopping actor quits after its last.
void call_done(group_actor_ptr self);

/// Gives the group up once a write found another actor claimed it: answers
/// every later request `unavailable` (the retry reaches the new one) and asks
/// the hub to let it go, as when idle; it stops once its calls are answered.
void step_down(group_actor_ptr self);

/// Ends the group actor with `reason`. It stops monitoring its hub first:
/// in CAF a monitor outlives its observer, and each one left on the hub
/// would keep a stopped group actor's memory (one per made-up group id a
/// client asks about) for as long as the hub lives.
void stop(group_actor_ptr self, caf::error reason = caf::error{});

/// Passes a failed call's error on to the requester.
struct pass_on {
  caf::error operator()(caf::error& err) const { return std::move(err); }
};

/// Runs `call` on the group's persistence worker (one group, one worker:
/// the group's writes commit in the order this actor sends them) and
/// answers the requester with what `on_ok` makes of the result, or with
/// what `on_failure` makes of the failure.
template <class T, class OnOk, class OnFailure = pass_on>
reply store_then(group_actor_ptr self, storage_call<T> call, OnOk on_ok,
                 OnFailure on_failure = {}) {
  auto& st = self->state;
  auto store = persistence_for(self->system(), *st.ctx,
                               static_cast<std::uint64_t>(st.group_id));
  if (!store) {
    auto down = refuse(protocol::error_code::unavailable);
    return on_failure(down);
  }
  auto rp = self->make_response_promise<std::string>();
  ++st.calls_in_flight;
  ask_store(
    self, store, st.ctx->request_timeout, std::move(call),
    [self, rp, on_ok](T& answer) mutable {
      rp.deliver(on_ok(answer));
      call_done(self);
    },
    [self, rp, on_failure](caf::error& err) mutable {
      // Silence (a timeout) or a worker gone with the call: the store may
      // have committed it all the same, and nobody would hand it out.
      // Failing lets a successor reload the group behind the call and
      // have the online members read their backlog again.
      auto outcome_unknown = err.category() == caf::atom("system");
      auto why = err;
      if (err == domain::claim_errc::superseded) {
        // Nothing was written; the client may try again.
        err = refuse(protocol::error_code::unavailable);
        step_down(self);
      }
      rp.deliver(on_failure(err));
      call_done(self);
      if (outcome_unknown)
        self->quit(why);
    });
  return rp;
}

// -- the commands (group_rules.cpp)
// ---------------------------------------------

reply on(group_actor_ptr self, const group_request& req,
         protocol::group_add_command& cmd);
reply on(group_actor_ptr self, const group_request& req,
         protocol::group_kick_command& cmd);
reply on(group_actor_ptr self, const group_request& req,
         protocol::group_leave_command& cmd);
reply on(group_actor_ptr self, const group_request& req,
         protocol::group_set_role_command& cmd);
reply on(group_actor_ptr self, const group_request& req,
         protocol::group_set_state_command& cmd);
reply on(group_actor_ptr self, const group_request& req,
         protocol::group_send_command& cmd);
reply on(group_actor_ptr self, const group_request& req,
         protocol::group_members_command& cmd);
reply on(group_actor_ptr self, const group_request& req,
         protocol::history_command& cmd);

} // namespace troupe::actors::group_detail
