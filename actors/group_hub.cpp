#include "actors/group_hub.hpp"

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "actors/group_actor.hpp"
#include "actors/group_request.hpp"
#include "actors/services.hpp"
#include "actors/store_calls.hpp"
#include "actors/store_request.hpp"
#include "telemetry/log.hpp"

namespace troupe::actors {

namespace {

using hub_ptr = group_hub_actor::stateful_pointer<group_hub_state>;

group_actor actor_for(hub_ptr self, std::int64_t group_id) {
  auto& st = self->state;
  auto& slot = st.groups[group_id];
  if (!slot) {
    auto recovering = st.failed.erase(group_id) > 0;
    slot = self->spawn(run_group, group_id, st.ctx,
                       caf::actor_cast<group_hub_actor>(self), recovering);
    self->monitor(slot);
    st.group_of.emplace(slot.address(), group_id);
    st.running.set(static_cast<std::int64_t>(st.group_of.size()));
  }
  return slot;
}

void forget(hub_ptr self, const caf::actor_addr& addr) {
  auto& st = self->state;
  auto i = st.group_of.find(addr);
  if (i == st.group_of.end())
    return;
  auto slot = st.groups.find(i->second);
  if (slot != st.groups.end() && slot->second.address() == addr)
    st.groups.erase(slot);
  st.group_of.erase(i);
  st.running.set(static_cast<std::int64_t>(st.group_of.size()));
}

/// Has every online session read its backlog again, once the workers have
/// run everything queued before this call.
void resync_everyone(hub_ptr self) {
  auto& ctx = *self->state.ctx;
  auto left = std::make_shared<std::size_t>(ctx.persistence_workers);
  auto passed = [self, left] {
    if (--*left > 0)
      return;
    if (auto dir = lookup(self->system(), names::directory))
      self->send(dir, atoms::resync_atom_v);
  };
  for (std::size_t i = 0; i < ctx.persistence_workers; ++i) {
    auto worker = lookup(self->system(), names::persistence(i));
    if (!worker) {
      passed(); // restarting: it has nothing queued from before
      continue;
    }
    ask_store(
      self, worker, ctx.request_timeout, store_calls::check_health(),
      [passed] { passed(); }, [passed](caf::error&) { passed(); });
  }
}

} // namespace

group_hub_actor::behavior_type
group_hub(group_hub_actor::stateful_pointer<group_hub_state> self,
          context_ptr ctx, bool restarted) {
  self->state.ctx = std::move(ctx);
  self->state.running.bind(&self->state.ctx->metrics->group_actors);
  if (restarted)
    resync_everyone(self);
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& st = self->state;
    for (auto i = st.peers.begin(); i != st.peers.end(); ++i)
      if (i->second.address() == dm.source) {
        st.peers.erase(i); // that node is lost, or its hub restarts
        return;
      }
    if (dm.reason) {
      telemetry::log_warning("a group actor failed (" + describe(dm.reason)
                             + "); its group's next request starts it again");
      if (auto i = st.group_of.find(dm.source); i != st.group_of.end())
        st.failed.insert(i->second);
    }
    forget(self, dm.source);
  });
  return {
    [self](atoms::group_atom, group_request& req) {
      auto group = actor_for(self, req.group_id());
      return self->delegate(group, atoms::group_atom_v, std::move(req));
    },
    [self](atoms::relay_atom, group_request& req) {
      auto group = actor_for(self, req.group_id());
      return self->delegate(group, atoms::group_atom_v, std::move(req));
    },
    [self](atoms::peer_up_atom, node_number node, peer_group_hub_actor& hub) {
      self->monitor(hub);
      self->state.peers[node] = std::move(hub);
    },
    [self](atoms::idle_atom, std::int64_t, const group_actor& group) {
      self->demonitor(group.address());
      forget(self, group.address());
      self->send(group, atoms::stop_atom_v);
    },
  };
}

} // namespace troupe::actors
