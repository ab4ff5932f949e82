#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "net/connection.hpp"
#include "net/http_message.hpp"

namespace troupe::net {

/// What the application decides on an HTTP request from its header, before
/// any byte of its body is read.
struct http_admission {
  /// Set: the request is answered with this, its body is never read and the
  /// connection is closed. A client that sent `Expect: 100-continue` gets
  /// this instead of `100 Continue`.
  std::optional<http_response> refusal;
  /// Otherwise: how many body bytes the request may carry (413 beyond).
  std::uint64_t max_body_bytes = 0;
};

/// Delivers the decision on one request header. Call it exactly once, from
/// any thread.
using http_admitter = std::function<void(http_admission)>;

/// What the server asks of the rest of the node. Called from network
/// threads: implementations must not block.
class application {
 public:
  virtual ~application() = default;

  /// Decides on a request that is not a WebSocket upgrade from `head` (no
  /// body yet) and the body length the client declared, if it did (none
  /// for a chunked body). The body is read only once `decide` admits it.
  virtual void admit_http(const http_request& head,
                          std::optional<std::uint64_t> content_length,
                          http_admitter decide)
    = 0;

  /// Answers an HTTP request that `admit_http` admitted, its body read.
  virtual void handle_http(http_request request, http_responder respond) = 0;

  /// Decides on a WebSocket upgrade. Returns the handler for `conn`, or null
  /// after filling `refusal` (e.g. 401 for a bad token), which is then sent
  /// instead of the upgrade.
  virtual std::unique_ptr<connection_handler>
  open_websocket(const http_request& upgrade, std::shared_ptr<connection> conn,
                 http_response& refusal)
    = 0;

  /// Returns the response for a request the server rejects by itself
  /// (400 malformed, 413 body too large, 431 header too large).
  virtual http_response http_error(unsigned status) const = 0;

  /// Reports a fault the network layer survived (an exception out of a
  /// handler, no file descriptors left), for the log.
  virtual void on_network_fault(std::string_view what) = 0;

  /// Reports a socket closed as soon as it was accepted: the node or the
  /// client's address held as many as it may (`net.max_connections`,
  /// `net.max_connections_per_address`).
  virtual void on_connection_refused() = 0;
};

} // namespace troupe::net
