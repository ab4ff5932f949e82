// The cluster's links over BASP, on CAF's simulated network (io_dsl): two
// nodes' links prove membership to each other and hand over their
// directories, a push then crosses, a node with another secret gets
// nothing, and a lost connection takes the peer's sessions with it.

#define CAF_SUITE cluster_basp

#include <caf/test/io_dsl.hpp>

#include <memory>
#include <string>
#include <vector>

#include "actors/directory.hpp"
#include "actors/message_registry.hpp"
#include "actors/services.hpp"
#include "cluster/link.hpp"

using namespace troupe;
using namespace troupe::actors;

namespace {

/// A node's actor system: what crosses nodes registered by name, as
/// node_config does.
struct node_config : caf::actor_system_config {
  node_config() {
    load<caf::io::middleman>();
    register_message_types(*this);
    cluster::register_link_types(*this);
  }
};

using planet = test_node_fixture<test_coordinator_fixture<node_config>>;

/// What reached a stand-in session.
struct session_log {
  std::vector<std::int64_t> pushes;
  std::vector<std::size_t> lost;
};

caf::behavior fake_session(caf::event_based_actor*,
                           std::shared_ptr<session_log> log) {
  return {
    [log](atoms::push_atom, const push_envelope& push) {
      log->pushes.push_back(push.push_id);
    },
    [log](atoms::node_presence_atom, const member_set& users, bool online) {
      if (!online)
        log->lost.push_back(users.ids->size());
    },
  };
}

/// Stands in for the group hub, which the link hands over with the
/// directory.
group_hub_actor::behavior_type idle_hub() {
  return {
    [](atoms::relay_atom, const group_request&) { return std::string{}; },
    [](atoms::group_atom, const group_request&) { return std::string{}; },
    [](atoms::idle_atom, std::int64_t, const group_actor&) {},
    [](atoms::peer_up_atom, node_number, const peer_group_hub_actor&) {},
  };
}

/// One node's services on a planet: its directory, hub and link.
struct node_services {
  telemetry::metrics_ptr metrics = std::make_shared<telemetry::node_metrics>();
  directory_actor dir;
  group_hub_actor hub;
  cluster::link_actor link;
  std::int64_t incarnation;

  node_services(planet& p, node_number node, std::uint16_t port,
                const std::string& secret)
    : incarnation(1000 + node) {
    dir = p.sys.spawn(directory, node, metrics,
                      caf::timespan{std::chrono::seconds{5}});
    p.sys.registry().put(names::directory.name,
                         caf::actor_cast<caf::strong_actor_ptr>(dir));
    hub = p.sys.spawn(idle_hub);
    p.sys.registry().put(names::groups.name,
                         caf::actor_cast<caf::strong_actor_ptr>(hub));
    cluster::settings s;
    s.node_id = node;
    s.host = "127.0.0.1";
    s.port = port;
    s.secret = secret;
    link = p.sys.spawn(cluster::link, s, incarnation, metrics);
  }

  /// Stops them: an actor system ends only once its actors did.
  void stop(planet& p) {
    for (auto& name : {names::directory.name, names::groups.name})
      p.sys.registry().erase(name);
    caf::anon_send_exit(dir, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(hub, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(link, caf::exit_reason::user_shutdown);
  }
};

constexpr std::uint16_t earth_port = 7100;
constexpr std::uint16_t mars_port = 7101;

struct fixture : point_to_point_fixture<test_coordinator_fixture<node_config>> {
  caf::io::accept_handle earth_acceptor = next_accept_handle();
  std::unique_ptr<node_services> on_earth;
  std::unique_ptr<node_services> on_mars;
  caf::io::connection_handle mars_end;
  std::vector<caf::actor> sessions;

  ~fixture() {
    for (auto& session : sessions)
      caf::anon_send_exit(session, caf::exit_reason::user_shutdown);
    if (on_earth)
      on_earth->stop(earth);
    if (on_mars)
      on_mars->stop(mars);
    exec_all();
  }

  /// Starts both nodes; mars has `mars_secret`.
  void start(const std::string& mars_secret = "cluster secret") {
    earth.mpx.provide_acceptor(earth_port, earth_acceptor);
    mars.mpx.provide_acceptor(mars_port, next_accept_handle());
    on_earth
      = std::make_unique<node_services>(earth, 0, earth_port, "cluster secret");
    on_mars = std::make_unique<node_services>(mars, 1, mars_port, mars_secret);
    exec_all();
  }

  /// Has mars dial earth, as the membership's `live` list makes it.
  void mars_dials_earth() {
    mars_end
      = prepare_connection(earth, mars, "earth", earth_port, earth_acceptor)
          .second;
    std::vector<cluster::peer_address> live{
      {0, on_earth->incarnation, "earth", earth_port}};
    caf::anon_send(on_mars->link, atoms::live_atom_v, live);
    exec_all();
  }

  std::shared_ptr<session_log> attach(planet& p, node_services& node,
                                      protocol::user_id uid) {
    auto log = std::make_shared<session_log>();
    sessions.push_back(p.sys.spawn(fake_session, log));
    auto session = caf::actor_cast<session_actor>(sessions.back());
    caf::anon_send(node.dir, atoms::attach_atom_v, uid, session,
                   std::int64_t{100}, std::string{"10.0.0.1"},
                   std::uint16_t{4000});
    exec_all();
    return log;
  }

  void deliver(node_services& node, protocol::user_id uid, std::int64_t id) {
    caf::anon_send(
      node.dir, atoms::deliver_atom_v, uid,
      push_envelope{id, std::make_shared<const std::string>("{}")});
    exec_all();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(cluster_links, fixture)

CAF_TEST(linked nodes hand pushes to the sessions of each other) {
  start();
  mars_dials_earth();
  CAF_CHECK_EQUAL(on_earth->metrics->cluster_peers_linked.load(), 1);
  CAF_CHECK_EQUAL(on_mars->metrics->cluster_peers_linked.load(), 1);
  auto bob = attach(earth, *on_earth, 5);
  auto alice = attach(mars, *on_mars, 6);
  deliver(*on_mars, 5, 42);
  deliver(*on_earth, 6, 43);
  CAF_CHECK_EQUAL(bob->pushes, std::vector<std::int64_t>{42});
  CAF_CHECK_EQUAL(alice->pushes, std::vector<std::int64_t>{43});
}

CAF_TEST(a node with another secret is not linked) {
  start("another secret");
  mars_dials_earth();
  CAF_CHECK_EQUAL(on_earth->metrics->cluster_peers_linked.load(), 0);
  CAF_CHECK_EQUAL(on_mars->metrics->cluster_peers_linked.load(), 0);
  auto bob = attach(earth, *on_earth, 5);
  deliver(*on_mars, 5, 42);
  CAF_CHECK(bob->pushes.empty());
}

CAF_TEST(a lost connection takes the sessions of the peer with it) {
  start();
  mars_dials_earth();
  auto bob = attach(earth, *on_earth, 5);
  auto alice = attach(mars, *on_mars, 6);
  auto basp = mars.mm.named_broker<caf::io::basp_broker>(caf::atom("BASP"));
  caf::anon_send(basp, caf::io::connection_closed_msg{mars_end});
  exec_all();
  CAF_CHECK_EQUAL(on_mars->metrics->cluster_links_lost.load(), 1u);
  CAF_CHECK_EQUAL(on_mars->metrics->cluster_peers_linked.load(), 0);
  CAF_CHECK_EQUAL(on_mars->metrics->cluster_remote_sessions.load(), 0);
  // alice's friends on earth went with it.
  CAF_CHECK_EQUAL(alice->lost, std::vector<std::size_t>{1});
  deliver(*on_mars, 5, 44);
  CAF_CHECK(bob->pushes.empty());
}

CAF_TEST_FIXTURE_SCOPE_END()
