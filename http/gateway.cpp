#include "http/gateway.hpp"

#include <chrono>

#include <caf/actor_system.hpp>
#include <caf/send.hpp>

#include "actors/atoms.hpp"
#include "actors/user_actor.hpp"
#include "http/api.hpp"
#include "telemetry/log.hpp"

namespace troupe::http {

namespace {

/// Forwards what the net layer reports about one connection to its actor.
class session_bridge final : public net::connection_handler {
 public:
  explicit session_bridge(actors::session_actor session)
    : session_(std::move(session)) {
    // nop
  }

  void on_frame(std::string text) override {
    caf::anon_send(session_, atoms::frame_atom_v, std::move(text));
  }

  void on_activity() override {
    caf::anon_send(session_, atoms::activity_atom_v);
  }

  void on_closed() override { caf::anon_send(session_, atoms::closed_atom_v); }

 private:
  actors::session_actor session_;
};

} // namespace

gateway::gateway(caf::actor_system& sys, actors::context_ptr ctx)
  : sys_(sys), ctx_(std::move(ctx)) {
  // nop
}

void gateway::admit_http(const net::http_request& head,
                         std::optional<std::uint64_t> content_length,
                         net::http_admitter decide) {
  troupe::http::admit_http(sys_, ctx_, head, content_length, std::move(decide));
}

void gateway::handle_http(net::http_request request,
                          net::http_responder respond) {
  serve_http(sys_, ctx_, std::move(request), std::move(respond));
}

std::unique_ptr<net::connection_handler>
gateway::open_websocket(const net::http_request& upgrade,
                        std::shared_ptr<net::connection> conn,
                        net::http_response& refusal) {
  if (upgrade.path() != "/ws") {
    refusal = http_error_response(protocol::error_code::unknown_type,
                                  "WebSocket connections go to /ws");
    return nullptr;
  }
  std::optional<protocol::token_claims> claims;
  if (auto token = upgrade.query_param("token")) {
    claims = ctx_->tokens.verify(*token, std::chrono::system_clock::now());
    if (!claims) {
      refusal = http_error_response(protocol::error_code::auth_failed,
                                    "invalid or expired token");
      return nullptr;
    }
  }
  auto session = sys_.spawn(actors::user_actor, conn, ctx_, std::move(claims));
  // Should the actor die of a fault, the socket must not linger.
  std::weak_ptr<net::connection> weak_conn = conn;
  session->attach_functor([weak_conn](const caf::error& reason) {
    if (reason && reason != caf::exit_reason::normal)
      if (auto c = weak_conn.lock())
        c->close(net::close_code::internal_error);
  });
  return std::make_unique<session_bridge>(std::move(session));
}

net::http_response gateway::http_error(unsigned status) const {
  auto code = status == 413 ? protocol::error_code::too_long
                            : protocol::error_code::bad_request;
  auto response = http_error_response(
    code, status == 413 ? "request body too large" : "malformed HTTP request");
  response.status = status;
  return response;
}

void gateway::on_network_fault(std::string_view what) {
  telemetry::log_error(std::string{"net: "} + std::string{what});
}

void gateway::on_connection_refused() {
  ctx_->metrics->connections_refused.fetch_add(1, std::memory_order_relaxed);
}

} // namespace troupe::http
