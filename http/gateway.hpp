#pragma once

#include <optional>

#include <caf/fwd.hpp>

#include "actors/context.hpp"
#include "net/application.hpp"

namespace troupe::http {

/// Where the network meets the actors: a user actor per WebSocket
/// connection, the HTTP API for the rest. Called on network threads; it
/// only checks tokens (HMAC, microseconds) and sends messages.
class gateway final : public net::application {
 public:
  gateway(caf::actor_system& sys, actors::context_ptr ctx);

  // -- net::application -------------------------------------------------------

  void admit_http(const net::http_request& head,
                  std::optional<std::uint64_t> content_length,
                  net::http_admitter decide) override;

  void handle_http(net::http_request request,
                   net::http_responder respond) override;

  std::unique_ptr<net::connection_handler>
  open_websocket(const net::http_request& upgrade,
                 std::shared_ptr<net::connection> conn,
                 net::http_response& refusal) override;

  net::http_response http_error(unsigned status) const override;

  void on_network_fault(std::string_view what) override;

  void on_connection_refused() override;

 private:
  caf::actor_system& sys_;
  actors::context_ptr ctx_;
};

} // namespace troupe::http
