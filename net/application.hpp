#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "net/connection.hpp"
#include "net/http_message.hpp"

namespace troupe::net {

/// What the server asks of the rest of the node. Called from network
/// threads: implementations must not block.
class application {
public:
  virtual ~application() = default;

  /// Returns how many body bytes a request to `path` may carry.
  virtual std::uint64_t max_body_bytes(std::string_view method,
                                       std::string_view path) const = 0;

  /// Answers an HTTP request that is not a WebSocket upgrade.
  virtual void handle_http(http_request request, http_responder respond) = 0;

  /// Decides on a WebSocket upgrade. Returns the handler for `conn`, or null
  /// after filling `refusal` (e.g. 401 for a bad token), which is then sent
  /// instead of the upgrade.
  virtual std::unique_ptr<connection_handler>
  open_websocket(const http_request& upgrade, std::shared_ptr<connection> conn,
                 http_response& refusal) = 0;

  /// Returns the response for a request the server rejects by itself
  /// (400 malformed, 413 body too large, 431 header too large).
  virtual http_response http_error(unsigned status) const = 0;

  /// Reports a fault the network layer survived (an exception out of a
  /// handler, no file descriptors left), for the log.
  virtual void on_network_fault(std::string_view what) = 0;
};

} // namespace troupe::net
