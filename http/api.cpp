#include "http/api.hpp"

#include <string>

#include "http/route_support.hpp"
#include "http/routes.hpp"
#include "http/web_assets.hpp"
#include "protocol/encoder.hpp"

namespace troupe::http {

using protocol::error_code;

unsigned http_status(error_code code) {
  switch (code) {
    case error_code::not_authenticated:
    case error_code::auth_failed: return 401;
    case error_code::forbidden: return 403;
    case error_code::unknown_type:
    case error_code::no_such_user:
    case error_code::no_such_request:
    case error_code::no_such_file:
    case error_code::no_such_group: return 404;
    case error_code::username_taken:
    case error_code::already_friends:
    case error_code::already_requested:
    case error_code::already_member: return 409;
    case error_code::rate_limited: return 429;
    case error_code::internal: return 500;
    case error_code::unavailable: return 503;
    default: return 400;
  }
}

net::http_response http_error_response(error_code code,
                                       std::string_view message) {
  return detail::json_response(http_status(code),
                               protocol::encode_http_error(code, message));
}

void admit_http(caf::actor_system& sys, const actors::context_ptr& ctx,
                const net::http_request& head,
                std::optional<std::uint64_t> content_length,
                net::http_admitter decide) {
  if (head.path() == "/api/files" && head.method == "POST")
    return routes::admit_upload(sys, ctx, head, content_length,
                                std::move(decide));
  decide({std::nullopt, ctx->max_http_body_bytes});
}

void serve_http(caf::actor_system& sys, const actors::context_ptr& ctx,
                net::http_request request, net::http_responder respond) {
  auto path = request.path();
  auto post = request.method == "POST";
  if (path == "/api/register" && post)
    return routes::post_register(sys, ctx, request, std::move(respond));
  if (path == "/api/token" && post)
    return routes::post_token(sys, ctx, request, std::move(respond));
  if (path == "/healthz" && request.method == "GET")
    return routes::get_healthz(sys, ctx, std::move(respond));
  if (path == "/metrics" && request.method == "GET")
    return respond(routes::metrics_response(*ctx->metrics));
  if (path == "/api/files" && post)
    return routes::post_file(sys, ctx, request, std::move(respond));
  if (path == "/api/admin/system_message" && post)
    return routes::post_system_message(sys, ctx, request, std::move(respond));
  if (path == "/api/admin/friendship" && post)
    return routes::post_friendship(sys, ctx, request, std::move(respond));
  constexpr std::string_view files_prefix = "/api/files/";
  if (path.substr(0, files_prefix.size()) == files_prefix
      && request.method == "GET")
    return routes::get_file(sys, ctx, request, path.substr(files_prefix.size()),
                            std::move(respond));
  if (path == "/api/register" || path == "/api/token" || path == "/healthz"
      || path == "/metrics" || path == "/api/files"
      || path == "/api/admin/system_message"
      || path == "/api/admin/friendship") {
    auto refusal = http_error_response(error_code::bad_request,
                                       "method not allowed on this path");
    refusal.status = 405;
    return respond(std::move(refusal));
  }
  if (request.method == "GET")
    if (auto asset = find_web_asset(path))
      return respond(web_asset_response(*asset));
  respond(http_error_response(error_code::unknown_type, "no such endpoint"));
}

} // namespace troupe::http
