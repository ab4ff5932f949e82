#include "cluster/membership.hpp"

#include <chrono>

#include <caf/send.hpp>

#include "cluster/link.hpp"
#include "telemetry/log.hpp"

namespace troupe::cluster {

namespace {

using self_ptr = membership_actor::stateful_pointer<membership_state>;

void report_storage(self_ptr self, bool reachable) {
  auto& st = self->state;
  if (reachable == st.renewing)
    return;
  st.renewing = reachable;
  if (reachable)
    telemetry::log_info("cluster: renewing this node's lease again");
  else
    telemetry::log_warning("cluster: cannot renew this node's lease: "
                           + st.db->last_error());
}

/// Sends the link the live nodes but this one.
void share_live_nodes(self_ptr self, std::int64_t now) {
  auto& st = self->state;
  auto live = st.db->live_nodes(now);
  if (!live)
    return;
  st.metrics->cluster_nodes_live = static_cast<std::int64_t>(live->size());
  std::vector<peer_address> peers;
  for (auto& node : *live)
    if (node.node_id != st.config.node_id)
      peers.push_back({node.node_id, node.incarnation, node.host, node.port});
  if (auto link = actors::lookup(self->system(), names::link))
    self->send(link, atoms::live_atom_v, std::move(peers));
}

} // namespace

std::int64_t lease_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
    .count();
}

membership_actor::behavior_type
membership(membership_actor::stateful_pointer<membership_state> self,
           settings config, storage::settings store, std::int64_t incarnation,
           telemetry::metrics_ptr metrics, std::function<void()> on_lost) {
  auto& st = self->state;
  st.metrics = std::move(metrics);
  st.config = std::move(config);
  st.incarnation = incarnation;
  st.db = storage::make_adapter(store);
  st.on_lost = std::move(on_lost);
  self->send(self, atoms::renew_atom_v);
  return {
    [self](atoms::renew_atom) {
      auto& st = self->state;
      auto now = lease_clock_ms();
      auto lease_ms
        = std::chrono::duration_cast<std::chrono::milliseconds>(st.config.lease)
            .count();
      auto renewed = st.db->node_lease_renew(st.config.node_id, st.incarnation,
                                             now + lease_ms);
      if (!renewed && renewed.error() == storage::errc::conflict) {
        telemetry::log_error(
          "cluster: another node took node.id "
          + std::to_string(st.config.node_id)
          + " after this node's lease ran out (paused, or cut off from "
            "storage): stopping");
        st.on_lost();
        return;
      }
      report_storage(self, static_cast<bool>(renewed));
      share_live_nodes(self, now);
      self->delayed_send(self, st.config.lease / 3, atoms::renew_atom_v);
    },
  };
}

} // namespace troupe::cluster
