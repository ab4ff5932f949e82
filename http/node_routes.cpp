#include "http/routes.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/atoms.hpp"
#include "actors/services.hpp"
#include "actors/store_calls.hpp"
#include "http/route_support.hpp"
#include "protocol/prometheus_text.hpp"

namespace troupe::http::routes {

using detail::error_code;

// `/healthz` answers 503 if the storage check takes longer than this.
constexpr auto health_timeout = std::chrono::seconds{3};

/// What `/healthz` says of a healthy node: a cluster node adds its place
/// in the cluster (linked peers fewer than the other live nodes: cut off).
std::string health_text(const actors::node_context& ctx) {
  if (!ctx.cluster_node)
    return R"({"status":"ok"})";
  auto& m = *ctx.metrics;
  return nlohmann::json{{"status", "ok"},
                        {"cluster",
                         {{"node", *ctx.cluster_node},
                          {"live_nodes", m.cluster_nodes_live.load()},
                          {"linked_peers", m.cluster_peers_linked.load()}}}}
    .dump();
}

void get_healthz(caf::actor_system& sys, const actors::context_ptr& ctx,
                 net::http_responder respond) {
  auto unhealthy = [respond] {
    respond(detail::json_response(503, R"({"status":"unavailable"})"));
  };
  std::vector<actors::persistence_actor> workers;
  for (std::size_t i = 0; i < ctx->persistence_workers; ++i) {
    auto worker = actors::lookup(sys, actors::names::persistence(i));
    if (!worker)
      return unhealthy();
    workers.push_back(worker);
  }
  auto healthy = detail::json_response(200, health_text(*ctx));
  sys.spawn(
    [workers, respond, unhealthy, healthy](caf::event_based_actor* self) {
      auto pending = std::make_shared<std::size_t>(workers.size());
      auto failed = std::make_shared<bool>(false);
      for (auto& worker : workers)
        actors::ask_store(
          self, worker, health_timeout, actors::store_calls::check_health(),
          [respond, pending, failed, healthy] {
            if (--*pending == 0 && !*failed)
              respond(healthy);
          },
          [unhealthy, failed](caf::error&) {
            if (!*failed) {
              *failed = true;
              unhealthy();
            }
          });
    });
}

net::http_response metrics_response(const telemetry::node_metrics& metrics) {
  net::http_response out;
  out.content_type = std::string{protocol::prometheus_content_type};
  out.body = telemetry::render_metrics(metrics);
  out.headers.emplace_back("Cache-Control", "no-store");
  return out;
}

} // namespace troupe::http::routes
