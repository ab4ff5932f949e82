#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/atoms.hpp"
#include "actors/services.hpp"
#include "cluster/settings.hpp"
#include "storage/adapter.hpp"
#include "storage/settings.hpp"
#include "telemetry/metrics.hpp"

namespace troupe::cluster {

/// Keeps this node's place in the cluster's table in storage, and tells
/// the link which other nodes are live (`membership`).
using membership_actor = caf::typed_actor<
  /// Its own timer: renew the lease, read the live nodes.
  caf::reacts_to<atoms::renew_atom>>;

namespace names {

constexpr actors::names::service<membership_actor> membership{
  caf::atom("membership")};

} // namespace names

struct membership_state {
  settings config;
  std::int64_t incarnation = 0;
  /// A connection of its own: a renewal never waits behind clients'
  /// batches, so a busy node does not lose its place.
  std::unique_ptr<storage::adapter> db;
  /// Called when another incarnation took this node's id: the node stops.
  std::function<void()> on_lost;
  telemetry::metrics_ptr metrics;
  /// Whether the last renewal reached storage (to log changes only).
  bool renewing = true;
  static inline const char* name = "membership";
};

/// Renews the node's lease (taken at start) every third of
/// `cluster.lease` on its own storage connection, and sends the link the
/// other live nodes each time. Storage out of reach: it keeps trying; the
/// links stay as they are. The lease taken by another incarnation of this
/// node id: `on_lost`.
membership_actor::behavior_type
membership(membership_actor::stateful_pointer<membership_state> self,
           settings config, storage::settings store, std::int64_t incarnation,
           telemetry::metrics_ptr metrics, std::function<void()> on_lost);

/// Returns the milliseconds since the epoch, as leases count them.
std::int64_t lease_clock_ms();

} // namespace troupe::cluster
