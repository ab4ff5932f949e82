#pragma once

#include <cstdint>
#include <optional>

#include <caf/fwd.hpp>

#include "actors/context.hpp"
#include "net/application.hpp"
#include "net/http_message.hpp"
#include "protocol/error_code.hpp"

namespace troupe::http {

/// Answers the HTTP API of PROTOCOL.md section 6: `POST /api/register`,
/// `POST /api/token`, `POST /api/files`, `GET /api/files/ID` and
/// `GET /healthz`. Each call runs in a short-lived
/// actor that asks the node's actors and answers `respond`.
void serve_http(caf::actor_system& sys, const actors::context_ptr& ctx,
                net::http_request request, net::http_responder respond);

/// Decides on a request of that API from its header: an upload
/// (`POST /api/files`) needs a valid Bearer token and room in its user's
/// file quota for the `content_length` it declares, else it is refused
/// (401, 413) before its body is read. Every other request is admitted
/// with the body limit of its path.
void admit_http(caf::actor_system& sys, const actors::context_ptr& ctx,
                const net::http_request& head,
                std::optional<std::uint64_t> content_length,
                net::http_admitter decide);

/// Returns the HTTP status that stands for `code`.
unsigned http_status(protocol::error_code code);

/// Returns a JSON error response `{code, message}` with the matching status.
net::http_response http_error_response(protocol::error_code code,
                                       std::string_view message = {});

} // namespace troupe::http
