#include "cluster/link.hpp"

#include <caf/actor_system.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/sec.hpp>
#include <caf/send.hpp>

#include "telemetry/log.hpp"

namespace troupe::cluster {

namespace {

using self_ptr = link_actor::stateful_pointer<link_state>;

/// Most nodes the link keeps a handshake or a failure of: twice the nodes
/// a cluster can have. Past it, all are forgotten: pending handshakes start
/// over, and the next failure of each node is logged in full again.
constexpr std::size_t max_tracked = 64;

std::string describe(std::uint32_t node, std::int64_t incarnation) {
  return "node " + std::to_string(node) + " (incarnation "
         + std::to_string(incarnation) + ")";
}

/// Returns the middleman the links go through, to listen and to dial alike
/// (a TLS node has no plain port): libcaf_openssl's or CAF's own.
caf::io::middleman_actor remoting(self_ptr self) {
  auto& sys = self->system();
  return self->state.config.tls ? sys.openssl_manager().actor_handle()
                                : sys.middleman().actor_handle();
}

/// Logs that linking with `node` failed: at `level` the first time for
/// this incarnation, at debug while it keeps failing (it is dialled again at
/// every lease renewal), so that a node left out shows once, not every
/// second.
void log_link_failure(self_ptr self, std::uint32_t node,
                      std::int64_t incarnation, telemetry::log_level level,
                      const std::string& message) {
  auto& failing = self->state.failing;
  auto known = failing.find(node);
  if (known != failing.end() && known->second == incarnation) {
    telemetry::log_debug(message + " (again)");
    return;
  }
  if (failing.size() >= max_tracked)
    failing.clear();
  failing[node] = incarnation;
  telemetry::log(level, message);
}

/// Returns this node's services as its peers see them; false while one
/// restarts.
node_services local_services(self_ptr self) {
  auto& sys = self->system();
  return {actors::lookup(sys, actors::names::directory),
          actors::lookup(sys, actors::names::groups)};
}

/// Tells this node's directory and hub of `peer`'s.
void tell_local(self_ptr self, std::uint32_t node, const node_services& peer,
                bool peer_served_unlinked) {
  auto& sys = self->system();
  if (auto dir = actors::lookup(sys, actors::names::directory))
    self->send(dir, atoms::peer_up_atom_v, node, peer.directory,
               peer_served_unlinked);
  if (auto hub = actors::lookup(sys, actors::names::groups))
    self->send(hub, atoms::peer_up_atom_v, node, peer.groups);
}

void count_peers(self_ptr self) {
  auto& st = self->state;
  st.metrics->cluster_peers_linked = static_cast<std::int64_t>(st.peers.size());
}

void answer_joined(self_ptr self) {
  auto& st = self->state;
  for (auto& promise : st.waiting_for_join)
    promise.deliver(st.peers.size());
  st.waiting_for_join.clear();
}

void dial_done(self_ptr self, std::uint32_t node) {
  auto& st = self->state;
  st.dialing.erase(node);
  if (st.first_round > 0 && --st.first_round == 0)
    answer_joined(self);
}

/// Records a link both sides proved, and tells the directory.
void linked(self_ptr self, std::uint32_t node, std::int64_t incarnation,
            link_actor link, node_services services, bool peer_serving) {
  auto& st = self->state;
  auto known = st.peers.find(node);
  if (known != st.peers.end() && known->second.incarnation == incarnation
      && known->second.link == link)
    return; // Both dialled each other: one link is enough.
  self->monitor(link);
  st.peers[node] = {incarnation, link, services};
  st.failing.erase(node);
  count_peers(self);
  telemetry::log_info("cluster: linked to " + describe(node, incarnation));
  tell_local(self, node, services, peer_serving);
}

void dial(self_ptr self, const peer_address& peer) {
  auto& st = self->state;
  st.dialing[peer.node] = peer.incarnation;
  auto timeout = st.config.dial_timeout;
  auto failed = [self, peer](const caf::error& err) {
    auto message = "cluster: cannot link to "
                   + describe(peer.node, peer.incarnation) + " at " + peer.host
                   + ":" + std::to_string(peer.port) + ": "
                   + self->system().render(err);
    if (self->state.config.tls && err == caf::sec::disconnect_during_handshake)
      message += " (the TLS handshake failed: every node needs TLS, with a "
                 "certificate signed by the CA in cluster.tls_ca)";
    log_link_failure(self, peer.node, peer.incarnation,
                     telemetry::log_level::warning, message);
    dial_done(self, peer.node);
  };
  self
    ->request(remoting(self), timeout, caf::connect_atom_v, peer.host,
              static_cast<std::uint16_t>(peer.port))
    .then(
      [self, peer, timeout, failed](const caf::node_id&,
                                    caf::strong_actor_ptr& published,
                                    const std::set<std::string>&) {
        if (!published) {
          failed(caf::make_error(caf::sec::no_actor_published_at_port));
          return;
        }
        auto remote = caf::actor_cast<link_actor>(std::move(published));
        auto nonce = fresh_nonce();
        auto& st = self->state;
        self
          ->request(remote, timeout, atoms::hello_atom_v, st.self_id.node,
                    st.self_id.incarnation, nonce)
          .then(
            [self, peer, remote, nonce, timeout, failed](
              std::uint32_t node, std::int64_t incarnation,
              const std::string& their_nonce, const std::string& their_proof) {
              auto& st = self->state;
              node_identity them{node, incarnation};
              auto expected
                = membership_proof(st.config.secret, handshake_side::listener,
                                   them, st.self_id, nonce, their_nonce);
              if (node != peer.node || !proof_matches(expected, their_proof)) {
                log_link_failure(
                  self, peer.node, peer.incarnation,
                  telemetry::log_level::error,
                  "cluster: the node at " + peer.host + ":"
                    + std::to_string(peer.port)
                    + " did not prove it belongs to this cluster (another "
                      "auth.secret?)");
                dial_done(self, peer.node);
                return;
              }
              auto mine = local_services(self);
              if (!mine) {
                dial_done(self, peer.node);
                return;
              }
              auto proof
                = membership_proof(st.config.secret, handshake_side::dialer,
                                   st.self_id, them, nonce, their_nonce);
              self
                ->request(remote, timeout, atoms::join_atom_v, st.self_id.node,
                          st.self_id.incarnation, proof, mine, st.serving)
                .then(
                  [self, them, remote](node_services& theirs,
                                       bool their_serving) {
                    linked(self, them.node, them.incarnation, remote,
                           std::move(theirs), their_serving);
                    dial_done(self, them.node);
                  },
                  failed);
            },
            failed);
      },
      failed);
}

/// Tells the peers and the local services again after this node's
/// directory or hub restarted: a new one knows no peer, and the peers'
/// forgot what the old one told them (sessions attach again).
void announce_services(self_ptr self) {
  auto& st = self->state;
  auto mine = local_services(self);
  if (!mine || mine == st.announced)
    return;
  st.announced = mine;
  for (auto& [node, peer] : st.peers) {
    self->send(peer.link, atoms::peer_up_atom_v, st.self_id.node,
               st.self_id.incarnation, mine);
    tell_local(self, node, peer.services, true);
  }
}

} // namespace

void register_link_types(caf::actor_system_config& cfg) {
  cfg.add_message_type<node_services>("troupe.node_services")
    .add_message_type<peer_address>("troupe.peer_address")
    .add_message_type<link_actor>("troupe.link_actor");
}

link_actor::behavior_type link(link_actor::stateful_pointer<link_state> self,
                               settings config, std::int64_t incarnation,
                               telemetry::metrics_ptr metrics) {
  auto& st = self->state;
  st.metrics = std::move(metrics);
  st.self_id = {config.node_id, incarnation};
  st.config = std::move(config);
  st.announced = local_services(self);
  // Published by itself, so that a restarted link listens again; the port
  // closes with it.
  auto mm = remoting(self);
  auto port = st.config.port;
  self
    ->request(mm, caf::infinite, caf::publish_atom_v, port,
              caf::actor_cast<caf::strong_actor_ptr>(self),
              std::set<std::string>{}, st.config.host, true)
    .then(
      [self](std::uint16_t) {
        auto& st = self->state;
        telemetry::log_info("cluster: node " + std::to_string(st.self_id.node)
                            + " listens for its peers on " + st.config.host
                            + ":" + std::to_string(st.config.port)
                            + (st.config.tls ? " over TLS" : ""));
      },
      [self](caf::error& err) {
        auto& st = self->state;
        telemetry::log_error("cluster: cannot listen on " + st.config.host + ":"
                             + std::to_string(st.config.port) + ": "
                             + self->system().render(err));
        self->quit(std::move(err));
      });
  self->attach_functor(
    [mm, port] { caf::anon_send(mm, caf::close_atom_v, port); });
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& peers = self->state.peers;
    for (auto i = peers.begin(); i != peers.end(); ++i)
      if (i->second.link.address() == dm.source) {
        telemetry::log_warning("cluster: lost the link to "
                               + describe(i->first, i->second.incarnation)
                               + ": " + self->system().render(dm.reason));
        peers.erase(i);
        ++self->state.metrics->cluster_links_lost;
        count_peers(self);
        return;
      }
  });
  return {
    [self](atoms::hello_atom, std::uint32_t node, std::int64_t incarnation,
           std::string& dialer_nonce)
      -> caf::result<std::uint32_t, std::int64_t, std::string, std::string> {
      auto& st = self->state;
      if (node == st.self_id.node)
        return caf::make_error(caf::sec::invalid_argument);
      if (st.greeted.size() >= max_tracked)
        st.greeted.clear();
      auto nonce = fresh_nonce();
      auto proof = membership_proof(st.config.secret, handshake_side::listener,
                                    st.self_id, {node, incarnation},
                                    dialer_nonce, nonce);
      st.greeted[{node, incarnation}] = {std::move(dialer_nonce), nonce};
      return {st.self_id.node, st.self_id.incarnation, std::move(nonce),
              std::move(proof)};
    },
    [self](atoms::join_atom, std::uint32_t node, std::int64_t incarnation,
           const std::string& proof, node_services& theirs,
           bool their_serving) -> caf::result<node_services, bool> {
      auto& st = self->state;
      auto greeted = st.greeted.find({node, incarnation});
      if (greeted == st.greeted.end())
        return caf::make_error(caf::sec::invalid_argument);
      auto [dialer_nonce, nonce] = std::move(greeted->second);
      st.greeted.erase(greeted);
      auto expected = membership_proof(st.config.secret, handshake_side::dialer,
                                       {node, incarnation}, st.self_id,
                                       dialer_nonce, nonce);
      if (!proof_matches(expected, proof)) {
        log_link_failure(self, node, incarnation, telemetry::log_level::error,
                         "cluster: " + describe(node, incarnation)
                           + " did not prove it belongs to this cluster "
                             "(another auth.secret?)");
        return caf::make_error(caf::sec::invalid_argument);
      }
      auto mine = local_services(self);
      if (!mine)
        return caf::make_error(caf::sec::request_receiver_down);
      auto remote = caf::actor_cast<link_actor>(self->current_sender());
      linked(self, node, incarnation, remote, std::move(theirs), their_serving);
      return {mine, st.serving};
    },
    [self](atoms::peer_up_atom, std::uint32_t node, std::int64_t incarnation,
           node_services& theirs) {
      auto& st = self->state;
      auto known = st.peers.find(node);
      if (known == st.peers.end() || known->second.incarnation != incarnation)
        return;
      known->second.services = theirs;
      tell_local(self, node, theirs, true);
    },
    [self](atoms::live_atom, const std::vector<peer_address>& live) {
      auto& st = self->state;
      announce_services(self);
      std::ptrdiff_t dials = 0;
      for (auto& peer : live) {
        if (peer.node == st.self_id.node || st.dialing.count(peer.node) != 0)
          continue;
        auto known = st.peers.find(peer.node);
        if (known != st.peers.end()
            && known->second.incarnation == peer.incarnation)
          continue;
        ++dials;
        dial(self, peer);
      }
      if (st.first_round < 0) {
        st.first_round = dials;
        if (dials == 0)
          answer_joined(self);
      }
    },
    [self](atoms::serving_atom) { self->state.serving = true; },
    [self](atoms::joined_atom) -> caf::result<std::size_t> {
      auto& st = self->state;
      if (st.first_round == 0)
        return st.peers.size();
      auto promise = self->make_response_promise<std::size_t>();
      st.waiting_for_join.push_back(promise);
      return promise;
    },
  };
}

} // namespace troupe::cluster
