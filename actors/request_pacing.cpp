#include "actors/request_pacing.hpp"

#include <algorithm>
#include <variant>

#include "actors/atoms.hpp"
#include "actors/session_commands.hpp"
#include "actors/user_actor.hpp"

namespace troupe::actors::pacing {

namespace {

/// Messages spend the message budget, and friend requests too: each stores
/// a push for someone else, so one session cannot spray them faster either.
bool is_message(const protocol::request& req) {
  return std::holds_alternative<protocol::send_command>(req.body)
         || std::holds_alternative<protocol::group_send_command>(req.body)
         || std::holds_alternative<protocol::friend_request_command>(req.body);
}

bool is_ack(const protocol::request& req) {
  return std::holds_alternative<protocol::ack_command>(req.body);
}

/// Spends the tokens `req` needs if they are all there.
bool take_tokens(user_actor_ptr self, const protocol::request& req) {
  auto& p = self->state.pacing;
  auto now = self->clock().now();
  auto message = is_message(req);
  // Both asked, so that both know the time for `until_ready`.
  auto requests_ready = p.requests.ready(now);
  auto messages_ready = !message || p.messages.ready(now);
  if (!requests_ready || !messages_ready)
    return false;
  p.requests.spend();
  if (message)
    p.messages.spend();
  return true;
}

/// Wakes the session when the first waiting request has its tokens.
void arm_timer(user_actor_ptr self) {
  auto& p = self->state.pacing;
  if (p.timer_armed)
    return;
  p.timer_armed = true;
  auto wait = p.requests.until_ready();
  if (is_message(p.waiting.front()))
    wait = std::max(wait, p.messages.until_ready());
  self->delayed_send(self, std::max(caf::timespan{1}, wait),
                     atoms::pace_atom_v);
}

} // namespace

pacing_state start(const session_settings& settings) {
  pacing_state p;
  p.requests = token_bucket{settings.request_rate, settings.request_burst};
  p.messages = token_bucket{settings.send_rate, settings.send_burst};
  return p;
}

bool admit(user_actor_ptr self, protocol::request& req) {
  auto& p = self->state.pacing;
  if (is_ack(req) || (p.waiting.empty() && take_tokens(self, req)))
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
    if (!take_tokens(self, p.waiting.front())) {
      arm_timer(self);
      return;
    }
    auto req = std::move(p.waiting.front());
    p.waiting.pop_front();
    run_command(self, std::move(req));
  }
}

} // namespace troupe::actors::pacing
