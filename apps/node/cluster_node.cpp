#include "apps/node/cluster_node.hpp"

#include <csignal>
#include <string>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <sodium.h>

#include "cluster/link.hpp"
#include "cluster/membership.hpp"
#include "telemetry/log.hpp"

namespace troupe::node::cluster_node {

namespace {

/// Whether nothing listens on `host`:`port` any more: binding it works.
bool port_is_free(const std::string& host, std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1)
    return false;
  auto fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return false;
  int on = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  auto bound
    = bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return bound;
}

/// Returns the incarnation holding this node's id if it was a previous run
/// of this very node that is gone: same cluster address, and nothing
/// listens there now (a crashed node restarted at once); else 0.
std::int64_t gone_predecessor(const node_config& cfg, storage::adapter& db) {
  auto holder = db.node_lease_holder(static_cast<std::uint32_t>(cfg.node_id));
  if (!holder || holder->host != cfg.cluster_host
      || holder->port != cfg.cluster_port
      || !port_is_free(cfg.cluster_host, cfg.cluster_port))
    return 0;
  return holder->incarnation;
}

std::int64_t lease_ms(const node_config& cfg) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           cfg.cluster_lease)
    .count();
}

} // namespace

std::int64_t new_incarnation() {
  std::uint64_t bits = 0;
  randombytes_buf(&bits, sizeof(bits));
  return static_cast<std::int64_t>(bits >> 1) | 1;
}

void enable_remoting(node_config& cfg) {
  // node_config::load (reading the file) hides the base's module loader.
  auto& modules = static_cast<caf::actor_system_config&>(cfg);
  modules.load<caf::io::middleman>();
  cfg.set("middleman.heartbeat-interval", cfg.cluster_heartbeat_interval);
  cfg.set("middleman.connection-timeout", cfg.cluster_connection_timeout);
  if (!cfg.cluster_tls())
    return;
  // With a certificate set, libcaf_openssl requires one from every peer,
  // signed by the CA (both ways).
  modules.load<caf::openssl::manager>();
  auto files = cfg.cluster_tls_files();
  cfg.set("openssl.certificate", files.certificate);
  cfg.set("openssl.key", files.key);
  cfg.set("openssl.cafile", files.ca);
  cfg.set("openssl.passphrase", files.passphrase);
}

bool take_node_id(const node_config& cfg, storage::adapter& db,
                  std::int64_t incarnation) {
  auto now = cluster::lease_clock_ms();
  storage::node_lease lease{static_cast<std::uint32_t>(cfg.node_id),
                            incarnation, cfg.cluster_host, cfg.cluster_port,
                            now + lease_ms(cfg)};
  auto taken = db.node_lease_take(lease, now);
  if (!taken && taken.error() == storage::errc::conflict) {
    if (auto gone = gone_predecessor(cfg, db)) {
      telemetry::log_info("node.id " + std::to_string(cfg.node_id)
                          + " was held by this node's previous run, which no "
                            "longer listens on its cluster port: taking over");
      taken = db.node_lease_take(lease, now, gone);
    }
  }
  if (taken)
    return true;
  if (taken.error() == storage::errc::conflict)
    telemetry::log_error(
      "node.id " + std::to_string(cfg.node_id)
      + " is held by a live node of the cluster: give this node another "
        "node.id, or wait until that node's lease (cluster.lease) ends");
  else
    telemetry::log_error("cannot take node.id " + std::to_string(cfg.node_id)
                         + " in storage: " + db.last_error());
  return false;
}

void add_children(std::vector<actors::child_spec>& specs,
                  const node_config& cfg, std::int64_t incarnation,
                  const telemetry::metrics_ptr& metrics) {
  auto settings = cfg.cluster_settings();
  specs.push_back(actors::supervised(
    cluster::names::link,
    [settings, incarnation, metrics](caf::local_actor* parent) {
      return parent->spawn(cluster::link, settings, incarnation, metrics);
    }));
  auto store = cfg.storage_settings();
  specs.push_back(actors::supervised(
    cluster::names::membership,
    [settings, store, incarnation, metrics](caf::local_actor* parent) {
      // Another node took this one's id: stop as on SIGTERM (the signal
      // watcher takes it).
      auto stop = [] { kill(getpid(), SIGTERM); };
      return parent->spawn<caf::detached>(cluster::membership, settings, store,
                                          incarnation, metrics, stop);
    }));
}

void join(caf::actor_system& sys, const node_config& cfg) {
  auto link = actors::lookup(sys, cluster::names::link);
  if (!link)
    return;
  caf::scoped_actor self{sys};
  // Every live node is dialled in parallel, each within dial_timeout; the
  // first list of them comes at once.
  self->request(link, cfg.cluster_dial_timeout * 3, atoms::joined_atom_v)
    .receive(
      [](std::size_t peers) {
        telemetry::log_info("cluster: joined, linked to "
                            + std::to_string(peers) + " other node(s)");
      },
      [](caf::error&) {
        telemetry::log_warning("cluster: not every live node answered in "
                               "time; serving, and linking on");
      });
}

void announce_serving(caf::actor_system& sys) {
  if (auto link = actors::lookup(sys, cluster::names::link))
    caf::anon_send(link, atoms::serving_atom_v);
}

void release_node_id(const node_config& cfg, std::int64_t incarnation) {
  auto db = storage::make_adapter(cfg.storage_settings());
  if (db->open())
    static_cast<void>(db->node_lease_release(
      static_cast<std::uint32_t>(cfg.node_id), incarnation));
}

} // namespace troupe::node::cluster_node
