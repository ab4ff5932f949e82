#include "actors/send_pacing.hpp"

#include <algorithm>
#include <chrono>
#include <variant>

#include "actors/atoms.hpp"
#include "actors/session_commands.hpp"
#include "actors/user_actor.hpp"

namespace troupe::actors::pacing {

namespace {

/// Messages spend the budget, and friend requests too: each stores a push
/// for someone else, so one session cannot spray them faster either.
bool spends_a_token(const protocol::request& req) {
  return std::holds_alternative<protocol::send_command>(req.body)
         || std::holds_alternative<protocol::group_send_command>(req.body)
         || std::holds_alternative<protocol::friend_request_command>(req.body);
}

/// Adds the tokens earned since the last refill.
void refill(user_actor_ptr self) {
  auto& st = self->state;
  auto& p = st.pacing;
  auto& limits = st.ctx->session;
  auto now = self->clock().now();
  if (!p.started) {
    p.started = true;
    p.tokens = static_cast<double>(limits.send_burst);
  } else {
    std::chrono::duration<double> elapsed = now - p.refilled;
    p.tokens = std::min(static_cast<double>(limits.send_burst),
                        p.tokens + elapsed.count() * limits.send_rate);
  }
  p.refilled = now;
}

/// Takes a token if there is one.
bool take_token(user_actor_ptr self) {
  auto& p = self->state.pacing;
  refill(self);
  if (p.tokens < 1)
    return false;
  p.tokens -= 1;
  return true;
}

/// Wakes the session when the next token is earned.
void arm_timer(user_actor_ptr self) {
  auto& p = self->state.pacing;
  if (p.timer_armed)
    return;
  p.timer_armed = true;
  std::chrono::duration<double> until_token{
    (1 - p.tokens) / self->state.ctx->session.send_rate};
  self->delayed_send(
    self,
    std::max(caf::timespan{1},
             std::chrono::duration_cast<caf::timespan>(until_token)),
    atoms::pace_atom_v);
}

} // namespace

bool admit(user_actor_ptr self, protocol::request& req) {
  auto& st = self->state;
  auto& p = st.pacing;
  if (st.ctx->session.send_rate <= 0)
    return true;
  if (p.waiting.empty() && (!spends_a_token(req) || take_token(self)))
    return true;
  p.waiting.push_back(std::move(req));
  arm_timer(self);
  return false;
}

void on_timer(user_actor_ptr self) {
  auto& st = self->state;
  auto& p = st.pacing;
  p.timer_armed = false;
  while (!p.waiting.empty() && !st.leaving) {
    if (spends_a_token(p.waiting.front()) && !take_token(self)) {
      arm_timer(self);
      return;
    }
    auto req = std::move(p.waiting.front());
    p.waiting.pop_front();
    run_command(self, std::move(req));
  }
}

} // namespace troupe::actors::pacing
