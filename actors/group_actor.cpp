#include "actors/group_actor.hpp"

#include <algorithm>
#include <utility>

#include "actors/errors.hpp"
#include "actors/group_actor_support.hpp"
#include "actors/store_calls.hpp"
#include "actors/store_request.hpp"
#include "telemetry/log.hpp"

namespace troupe::actors {

namespace {

using namespace group_detail;
using protocol::error_code;

// A group that does not exist is remembered only briefly: ids a client
// makes up must not keep actors alive.
constexpr caf::timespan missing_group_linger = std::chrono::seconds{1};

void arm_idle_timer(group_actor_ptr self, caf::timespan after) {
  self->delayed_send(self, after, atoms::idle_atom_v);
}

void on_idle_timer(group_actor_ptr self) {
  auto& st = self->state;
  auto limit = st.missing ? missing_group_linger : st.ctx->groups.idle_stop;
  auto idle_for = self->clock().now() - st.last_request;
  if (idle_for < limit || st.calls_in_flight > 0) {
    arm_idle_timer(self, std::max(limit - idle_for, caf::timespan{1000000}));
    return;
  }
  self->send(st.hub, atoms::idle_atom_v, st.group_id,
             caf::actor_cast<group_actor>(self));
}

/// Takes the group as claimed; returns whether it was another node's
/// before.
bool on_loaded(group_actor_ptr self, store_calls::claimed_group& claimed) {
  auto& st = self->state;
  st.claim = claimed.claim;
  st.group = std::move(claimed.loaded.group);
  for (auto& m : claimed.loaded.members)
    add_member(self, m.uid, std::move(m.username), m.role);
  st.loaded = true;
  if (!domain::takes_over(claimed.previous, st.host))
    return false;
  telemetry::log_info("group " + std::to_string(st.group_id)
                      + " taken over from node "
                      + std::to_string(claimed.previous->node));
  return true;
}

group_actor::behavior_type running(group_actor_ptr self) {
  return {
    [self](atoms::group_atom, group_request& req) -> reply {
      auto& st = self->state;
      st.last_request = self->clock().now();
      if (st.missing)
        return refuse(error_code::no_such_group);
      if (st.superseded)
        return refuse(error_code::unavailable);
      return std::visit([&](auto& cmd) { return on(self, req, cmd); },
                        req.body);
    },
    [self](atoms::idle_atom) { on_idle_timer(self); },
    [self](atoms::stop_atom) {
      auto& st = self->state;
      st.stopping = true;
      if (st.calls_in_flight == 0)
        stop(self);
    },
  };
}

} // namespace

group_actor::behavior_type run_group(group_actor_ptr self,
                                     std::int64_t group_id, context_ptr ctx,
                                     group_hub_actor hub,
                                     domain::group_host host, bool recovering) {
  auto& st = self->state;
  st.group_id = group_id;
  st.ctx = std::move(ctx);
  st.hub = std::move(hub);
  st.host = host;
  st.last_request = self->clock().now();
  // Without its hub no request reaches it, and nobody would stop it.
  self->monitor(st.hub);
  self->set_down_handler([self](caf::down_msg&) { self->quit(); });
  auto store = persistence_for(self->system(), *st.ctx,
                               static_cast<std::uint64_t>(group_id));
  // Until the group is loaded, everything waits in the mailbox.
  group_actor::behavior_type loading{
    [](atoms::group_atom, group_request&) -> reply { return caf::skip; },
    [](atoms::idle_atom) -> caf::result<void> { return caf::skip; },
    [](atoms::stop_atom) -> caf::result<void> { return caf::skip; },
  };
  if (!store) {
    stop(self, caf::make_error(error_code::unavailable));
    return loading;
  }
  ask_store(
    self, store, st.ctx->request_timeout,
    store_calls::claim_group(group_id, host, st.ctx->ids),
    [self, recovering](store_calls::claimed_group& claimed) {
      auto taken_over = on_loaded(self, claimed);
      if (recovering || taken_over)
        if (auto dir = lookup(self->system(), names::directory))
          self->send(dir, atoms::resync_atom_v,
                     member_set{self->state.member_ids});
      self->become(running(self));
      arm_idle_timer(self, self->state.ctx->groups.idle_stop);
    },
    [self](caf::error& err) {
      if (to_protocol_error(err) != error_code::no_such_group) {
        // Requests waiting meanwhile hear the actor is gone: unavailable.
        telemetry::log_warning("group " + std::to_string(self->state.group_id)
                               + " could not be loaded: " + describe(err));
        stop(self, std::move(err));
        return;
      }
      self->state.missing = true;
      self->become(running(self));
      arm_idle_timer(self, missing_group_linger);
    });
  return loading;
}

} // namespace troupe::actors
