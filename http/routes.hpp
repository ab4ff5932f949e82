#pragma once

// The routes of the HTTP API, one function each, for the router in api.cpp.

#include <cstdint>
#include <optional>
#include <string_view>

#include <caf/fwd.hpp>

#include "actors/context.hpp"
#include "net/application.hpp"
#include "net/http_message.hpp"
#include "telemetry/metrics.hpp"

namespace troupe::http::routes {

// -- accounts (account_routes.cpp)
// ---------------------------------------------

/// `POST /api/register`: creates an account → 201 `{user_id}`.
void post_register(caf::actor_system& sys, const actors::context_ptr& ctx,
                   const net::http_request& req, net::http_responder respond);

/// `POST /api/token`: checks credentials → 200 `{token, expires_in}`.
void post_token(caf::actor_system& sys, const actors::context_ptr& ctx,
                const net::http_request& req, net::http_responder respond);

// -- files (file_routes.cpp)
// ---------------------------------------------------

/// Decides on an upload from its header: 401 without a valid token, 413
/// when the declared size does not fit in the user's file quota.
void admit_upload(caf::actor_system& sys, const actors::context_ptr& ctx,
                  const net::http_request& head,
                  std::optional<std::uint64_t> content_length,
                  net::http_admitter decide);

/// `POST /api/files`: stores the body as a file → 201 `{file_id, size}`.
void post_file(caf::actor_system& sys, const actors::context_ptr& ctx,
               net::http_request& req, net::http_responder respond);

/// `GET /api/files/ID`: the file's bytes, for the users allowed to see it.
void get_file(caf::actor_system& sys, const actors::context_ptr& ctx,
              const net::http_request& req, std::string_view id_text,
              net::http_responder respond);

// -- the admin API (admin_routes.cpp)
// ------------------------------------------

/// `POST /api/admin/system_message`: stores and pushes a `system` message.
void post_system_message(caf::actor_system& sys, const actors::context_ptr& ctx,
                         const net::http_request& req,
                         net::http_responder respond);

/// `POST /api/admin/friendship`: makes two users friends at once.
void post_friendship(caf::actor_system& sys, const actors::context_ptr& ctx,
                     const net::http_request& req, net::http_responder respond);

// -- the node (node_routes.cpp)
// ------------------------------------------------

/// `GET /healthz`: 200 when every persistence worker reaches the store,
/// else 503.
void get_healthz(caf::actor_system& sys, const actors::context_ptr& ctx,
                 net::http_responder respond);

/// `GET /metrics`: the Prometheus text of the node's metrics.
net::http_response metrics_response(const telemetry::node_metrics& metrics);

} // namespace troupe::http::routes
