#include "actors/group_hub.hpp"

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "actors/group_actor.hpp"
#include "actors/group_request.hpp"
#include "actors/services.hpp"
#include "actors/store_calls.hpp"
#include "actors/store_request.hpp"
#include "domain/group_placement.hpp"
#include "telemetry/log.hpp"

namespace troupe::actors {

namespace {

using hub_ptr = group_hub_actor::stateful_pointer<group_hub_state>;

group_actor actor_for(hub_ptr self, std::int64_t group_id) {
  auto& st = self->state;
  auto& slot = st.groups[group_id];
  if (!slot) {
    // After this hub's predecessor failed, a cluster node's groups may have
    // members on other nodes who missed fan-outs: those the local resync
    // does not reach. Each group's first actor has them read again.
    auto recovering
      = st.failed.erase(group_id) > 0
        || (st.restarted_in_cluster && st.recovered.insert(group_id).second);
    slot = self->spawn(run_group, group_id, st.ctx,
                       caf::actor_cast<group_hub_actor>(self), st.host,
                       recovering);
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

/// Stops `group` once it answered what it took: no request reaches it from
/// now on.
void let_go(hub_ptr self, const group_actor& group) {
  self->demonitor(group.address());
  forget(self, group.address());
  self->send(group, atoms::stop_atom_v);
}

/// Returns the node that hosts the group's actor.
node_number host_of(hub_ptr self, std::int64_t group_id) {
  auto& nodes = self->state.nodes;
  return nodes.size() == 1 ? nodes.front()
                           : domain::place_group(group_id, nodes);
}

/// Takes the peers' nodes as they are now; lets go of the actors here of
/// the groups now placed elsewhere.
void nodes_changed(hub_ptr self) {
  auto& st = self->state;
  st.nodes = {st.host.node};
  for (auto& peer : st.peers)
    st.nodes.push_back(peer.first);
  std::vector<group_actor> moved;
  for (auto& [group_id, group] : st.groups)
    if (host_of(self, group_id) != st.host.node)
      moved.push_back(group);
  for (auto& group : moved)
    let_go(self, group);
}

/// Passes `req` to the hub of node `host`, which hosts its group, and its
/// answer back.
caf::result<std::string> relay(hub_ptr self, node_number host,
                               group_request req) {
  auto& st = self->state;
  auto pending = std::make_shared<group_hub_state::relay_in_flight>();
  pending->answer = self->make_response_promise<std::string>();
  st.relays[host].insert(pending);
  ++st.ctx->metrics->cluster_relays;
  auto done = [self, host, pending](caf::expected<std::string> outcome) {
    pending->deliver(std::move(outcome));
    if (auto i = self->state.relays.find(host); i != self->state.relays.end())
      i->second.erase(pending);
  };
  self
    ->request(st.peers[host], st.ctx->request_timeout, atoms::relay_atom_v,
              std::move(req))
    .then([done](std::string& frame) { done(std::move(frame)); },
          [done](caf::error& err) {
            // Silence: the request may or may not have run there (a
            // `group_send` repeated with its request id is answered as the
            // first time).
            if (err.category() == caf::atom("system"))
              err = caf::make_error(protocol::error_code::unavailable);
            done(std::move(err));
          });
  return pending->answer;
}

/// Answers every command relayed to node `node` `unavailable`: it was lost
/// and will not answer.
void fail_relays_to(hub_ptr self, node_number node) {
  auto i = self->state.relays.find(node);
  if (i == self->state.relays.end())
    return;
  for (auto& pending : i->second)
    pending->deliver(caf::make_error(protocol::error_code::unavailable));
  self->state.relays.erase(i);
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

void group_hub_state::relay_in_flight::deliver(
  caf::expected<std::string> outcome) {
  if (answered)
    return;
  answered = true;
  if (outcome)
    answer.deliver(std::move(*outcome));
  else
    answer.deliver(std::move(outcome.error()));
}

group_hub_actor::behavior_type
group_hub(group_hub_actor::stateful_pointer<group_hub_state> self,
          context_ptr ctx, domain::group_host host, bool restarted) {
  self->state.ctx = std::move(ctx);
  self->state.host = host;
  self->state.nodes = {host.node};
  self->state.running.bind(&self->state.ctx->metrics->group_actors);
  self->state.restarted_in_cluster
    = restarted && self->state.ctx->cluster_node.has_value();
  if (restarted)
    resync_everyone(self);
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& st = self->state;
    for (auto i = st.peers.begin(); i != st.peers.end(); ++i)
      if (i->second.address() == dm.source) {
        // That node is lost, or its hub restarts: its groups move to the
        // remaining nodes at their next request.
        fail_relays_to(self, i->first);
        st.peers.erase(i);
        nodes_changed(self);
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
    [self](atoms::group_atom, group_request& req) -> caf::result<std::string> {
      auto& st = self->state;
      auto group_id = req.group_id();
      auto host = host_of(self, group_id);
      if (host == st.host.node) {
        auto group = actor_for(self, group_id);
        return self->delegate(group, atoms::group_atom_v, std::move(req));
      }
      // A peer that comes up lets go of this node's actor of the group;
      // one that a relay from a peer started since goes now.
      if (auto here = st.groups.find(group_id); here != st.groups.end())
        let_go(self, here->second);
      return relay(self, host, std::move(req));
    },
    [self](atoms::relay_atom, group_request& req) {
      auto group = actor_for(self, req.group_id());
      return self->delegate(group, atoms::group_atom_v, std::move(req));
    },
    [self](atoms::peer_up_atom, node_number node, peer_group_hub_actor& hub) {
      auto& slot = self->state.peers[node];
      if (slot) // its hub restarted: the old one's end is no loss
        self->demonitor(slot.address());
      self->monitor(hub);
      slot = std::move(hub);
      nodes_changed(self);
    },
    [self](atoms::idle_atom, std::int64_t, const group_actor& group) {
      let_go(self, group);
    },
  };
}

} // namespace troupe::actors
