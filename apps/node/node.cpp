#include "apps/node/node.hpp"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <system_error>
#include <thread>

#include <pthread.h>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "actors/alarm.hpp"
#include "actors/atoms.hpp"
#include "actors/authenticator.hpp"
#include "actors/directory.hpp"
#include "actors/errors.hpp"
#include "actors/group_hub.hpp"
#include "actors/hasher.hpp"
#include "actors/persistence.hpp"
#include "actors/services.hpp"
#include "actors/supervisor.hpp"
#include "apps/node/cluster_node.hpp"
#include "http/gateway.hpp"
#include "net/server.hpp"
#include "protocol/password.hpp"
#include "protocol/token.hpp"
#include "storage/adapter.hpp"
#include "telemetry/log.hpp"

namespace troupe::node {

namespace {

using namespace troupe::actors;

/// Returns the token secret, generating one when the config has none.
std::string token_secret(const node_config& cfg) {
  if (!cfg.auth_secret.empty())
    return cfg.auth_secret;
  telemetry::log_warning(
    "auth.secret is not set: using a random secret; tokens die with "
    "this process and no other node accepts them");
  return protocol::random_hex(32);
}

context_ptr make_context(const node_config& cfg) {
  auto ctx = std::make_shared<node_context>(token_secret(cfg));
  ctx->limits.max_text_chars = cfg.max_text_chars;
  ctx->limits.max_profile_chars = cfg.max_profile_chars;
  ctx->limits.max_list_items = cfg.max_list_items;
  ctx->session = cfg.session_settings();
  ctx->delivery = cfg.delivery_settings();
  ctx->groups = cfg.group_settings();
  ctx->admin_key = cfg.admin_key;
  if (cfg.clustered())
    ctx->cluster_node = static_cast<std::uint32_t>(cfg.node_id);
  ctx->auth = cfg.auth_settings();
  ctx->ids = std::make_shared<storage::id_generator>(
    static_cast<unsigned>(cfg.node_id));
  ctx->share_address = cfg.share_address;
  ctx->max_file_bytes = cfg.max_file_bytes;
  ctx->user_file_quota = cfg.user_file_quota;
  ctx->max_pending_friend_requests = cfg.max_pending_friend_requests;
  ctx->persistence_workers = cfg.pool_size;
  if (cfg.storage_settings().backend == storage::backend_kind::sqlite
      && cfg.pool_size > 1) {
    // SQLite takes one writer at a time: more workers would only wait on
    // its lock. One worker's batches carry all the concurrency.
    telemetry::log_info(
      "storage.pool_size is " + std::to_string(cfg.pool_size)
      + ", but SQLite takes one writer: using one persistence worker");
    ctx->persistence_workers = 1;
  }
  ctx->hasher_workers = cfg.hash_threads;
  ctx->max_http_body_bytes = cfg.max_http_body_bytes;
  return ctx;
}

/// Counts every start of a child after its first as a restart.
void count_restarts(child_spec& spec, telemetry::metrics_ptr metrics) {
  metrics->track_child(caf::to_string(spec.name));
  auto starts = std::make_shared<std::size_t>(0);
  spec.start
    = [start = std::move(spec.start), starts, metrics = std::move(metrics),
       child = caf::to_string(spec.name)](caf::local_actor* parent) {
        if ((*starts)++ > 0)
          metrics->count_restart(child);
        return start(parent);
      };
}

/// Returns the supervised children: the alarm, directory, group hub,
/// authenticator, and the persistence and hashing workers on threads of their
/// own.
std::vector<child_spec> children(const node_config& cfg, const context_ptr& ctx,
                                 std::int64_t incarnation) {
  std::vector<child_spec> specs;
  specs.push_back(supervised(names::alarm, [](caf::local_actor* parent) {
    return parent->spawn(alarm_clock);
  }));
  auto metrics = ctx->metrics;
  auto handover = ctx->request_timeout;
  auto node = static_cast<node_number>(cfg.node_id);
  specs.push_back(supervised(
    names::directory, [node, metrics, handover](caf::local_actor* parent) {
      return parent->spawn(directory, node, metrics, handover);
    }));
  // A restarted hub makes up for the fan-outs its group actors lost. A
  // node of a cluster that restarts is another host of its groups: their
  // members elsewhere read again what it may have stored and not handed out.
  auto hub_starts = std::make_shared<std::size_t>(0);
  domain::group_host host{node, cfg.clustered() ? incarnation : 0};
  specs.push_back(supervised(
    names::groups, [ctx, host, hub_starts](caf::local_actor* parent) {
      return parent->spawn(group_hub, ctx, host, (*hub_starts)++ > 0);
    }));
  // An unknown user is checked against this hash, at the cost of a real one.
  auto dummy
    = protocol::hash_password(protocol::random_hex(16), ctx->auth.hash_cost);
  specs.push_back(
    supervised(names::authenticator, [ctx, dummy](caf::local_actor* parent) {
      return parent->spawn(authenticator, ctx, dummy);
    }));
  auto store = cfg.storage_settings();
  auto max_batch = cfg.max_batch;
  // A call older than this has no requester waiting for it any more.
  auto call_deadline = ctx->request_timeout;
  for (std::size_t i = 0; i < ctx->persistence_workers; ++i)
    specs.push_back(
      supervised(names::persistence(i), [store, max_batch, call_deadline,
                                         metrics](caf::local_actor* parent) {
        return parent->spawn<caf::detached>(persistence_worker, store,
                                            max_batch, call_deadline, metrics);
      }));
  auto cost = ctx->auth.hash_cost;
  for (std::size_t i = 0; i < ctx->hasher_workers; ++i)
    specs.push_back(
      supervised(names::hasher(i), [cost, metrics](caf::local_actor* parent) {
        return parent->spawn<caf::detached>(hasher, cost, metrics);
      }));
  if (cfg.clustered())
    cluster_node::add_children(specs, cfg, incarnation, metrics);
  for (auto& spec : specs)
    count_restarts(spec, metrics);
  return specs;
}

/// Connects to storage and migrates its schema before anything listens, and
/// makes the node's ids start past every stored one. Unreachable storage is
/// not fatal (the workers retry); a schema the node cannot use is.
bool prepare_storage(const node_config& cfg, storage::id_generator& ids,
                     std::int64_t incarnation) {
  auto settings = cfg.storage_settings();
  auto probe = storage::make_adapter(settings);
  auto opened = probe->open();
  if (opened) {
    if (auto largest = probe->largest_issued_id())
      ids.advance_past(*largest);
    return !cfg.clustered()
           || cluster_node::take_node_id(cfg, *probe, incarnation);
  }
  if (opened.error() == storage::errc::unavailable && !cfg.clustered()) {
    telemetry::log_warning("storage " + storage::describe(settings)
                           + " unreachable (" + probe->last_error()
                           + "); serving, and retrying");
    return true;
  }
  telemetry::log_error("storage " + storage::describe(settings) + ": "
                       + probe->last_error());
  return false;
}

/// Waits in a thread of its own for SIGINT or SIGTERM, then tells `target`.
class signal_watcher {
 public:
  explicit signal_watcher(caf::actor target) {
    thread_ = std::thread([target] {
      auto set = watched();
      int sig = 0;
      sigwait(&set, &sig);
      caf::anon_send(target, atoms::shutdown_atom_v);
    });
  }

  ~signal_watcher() {
    // Wakes the thread if no signal came (e.g. the supervisor gave up).
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }

  /// Blocks the watched signals in the calling thread and every thread it
  /// starts afterwards, so that only the watcher receives them.
  static void block_in_all_threads() {
    auto set = watched();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
  }

 private:
  static sigset_t watched() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
  }

  std::thread thread_;
};

/// Stops the node: no new connections, `closing server_shutdown` to every
/// session, the sockets closed, then the supervised actors.
void shut_down(caf::actor_system& sys, net::server& server,
               caf::scoped_actor& self, const supervisor_actor& root,
               bool root_alive, caf::timespan grace) {
  server.stop_accepting();
  if (auto dir = lookup(sys, names::directory))
    self->send(dir, atoms::shutdown_atom_v);
  server.stop(std::chrono::duration_cast<std::chrono::milliseconds>(grace));
  if (root_alive) {
    self->send_exit(root, caf::exit_reason::user_shutdown);
    self->receive([](caf::down_msg&) {});
  }
}

} // namespace

int run(node_config& cfg) {
  telemetry::set_log_level(*telemetry::log_level_from_string(cfg.log_level));
  signal_watcher::block_in_all_threads();
  auto store = cfg.storage_settings();
  auto ctx = make_context(cfg);
  // A cluster node takes its node id in storage before anything else.
  auto incarnation = cluster_node::new_incarnation();
  if (!prepare_storage(cfg, *ctx->ids, incarnation))
    return 1;
  cfg.set("scheduler.max-threads", cfg.actor_threads);
  if (cfg.clustered())
    cluster_node::enable_remoting(cfg);
  caf::actor_system sys{cfg};
  auto gave_up = false;
  {
    auto root = sys.spawn(supervisor, children(cfg, ctx, incarnation),
                          cfg.supervisor_settings());
    {
      // Serve only once the supervised actors run and can be found.
      caf::scoped_actor starter{sys};
      starter->request(root, caf::infinite, caf::get_atom_v)
        .receive([](caf::ok_atom) {}, [](caf::error&) {});
    }
    // A cluster node links to the live nodes first: a push stored here then
    // reaches their sessions live.
    if (cfg.clustered())
      cluster_node::join(sys, cfg);
    http::gateway gate{sys, ctx};
    net::server server{cfg.net_settings(), gate};
    try {
      server.start();
    } catch (const std::exception& e) { // Asio throws Boost's system_error
      telemetry::log_error("cannot listen on " + cfg.net_host + ":"
                           + std::to_string(cfg.net_port) + ": " + e.what());
      caf::anon_send_exit(root, caf::exit_reason::user_shutdown);
      return 1;
    }
    if (cfg.clustered())
      cluster_node::announce_serving(sys);
    auto where = server.local_endpoint();
    std::cout << "troupe-node listening on http://" << where.address << ":"
              << where.port << " (WebSocket at /ws), storage "
              << storage::describe(store) << std::endl;
    {
      caf::scoped_actor self{sys};
      self->monitor(root);
      signal_watcher signals{caf::actor_cast<caf::actor>(self)};
      auto root_alive = true;
      self->receive(
        [&](caf::down_msg&) {
          root_alive = false;
          gave_up = true;
        },
        [](atoms::shutdown_atom) {});
      telemetry::log_info(gave_up ? "stopping: the supervisor gave up"
                                  : "stopping: signal received");
      shut_down(sys, server, self, root, root_alive, cfg.shutdown_grace);
    }
    // Sessions hold their sockets: wait for every actor before the server,
    // and the event loop the sockets belong to, go away.
    sys.await_all_actors_done();
  }
  if (cfg.clustered())
    cluster_node::release_node_id(cfg, incarnation);
  telemetry::log_info("stopped");
  return gave_up ? 1 : 0;
}

} // namespace troupe::node
