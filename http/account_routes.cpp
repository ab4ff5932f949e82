#include "http/routes.hpp"

#include <chrono>
#include <string>
#include <utility>

#include "actors/atoms.hpp"
#include "actors/services.hpp"
#include "http/route_support.hpp"
#include "protocol/encoder.hpp"

namespace troupe::http::routes {

using detail::error_code;

void post_register(caf::actor_system& sys, const actors::context_ptr& ctx,
                   const net::http_request& req, net::http_responder respond) {
  auto cmd = detail::decode_body<protocol::register_command>(req, "register",
                                                             ctx, respond);
  if (!cmd)
    return;
  auto on_ok = [respond](protocol::user_id uid) {
    respond(detail::json_response(201, protocol::encode_http_registered(uid)));
  };
  detail::ask(sys, ctx, actors::lookup(sys, actors::names::authenticator),
              respond, on_ok, atoms::signup_atom_v, std::move(*cmd),
              req.remote.address);
}

void post_token(caf::actor_system& sys, const actors::context_ptr& ctx,
                const net::http_request& req, net::http_responder respond) {
  auto cmd
    = detail::decode_body<protocol::login_command>(req, "login", ctx, respond);
  if (!cmd)
    return;
  auto on_ok = [ctx, respond](protocol::user_id uid, std::string& username) {
    ctx->metrics->logins.count(std::nullopt);
    auto ttl = ctx->session.token_ttl;
    auto token = ctx->tokens.issue({uid, std::move(username)},
                                   std::chrono::system_clock::now() + ttl);
    respond(detail::json_response(
      200, protocol::encode_http_token(token, ttl.count())));
  };
  auto on_error = [ctx](error_code code, const std::string& message) {
    ctx->metrics->logins.count(code);
    return http_error_response(code, message);
  };
  detail::ask_or(sys, ctx, actors::lookup(sys, actors::names::authenticator),
                 respond, on_ok, on_error, atoms::login_atom_v,
                 std::move(cmd->username), std::move(cmd->password),
                 req.remote.address);
}

} // namespace troupe::http::routes

namespace troupe::http::detail {

std::optional<protocol::token_claims>
bearer(const actors::context_ptr& ctx, const net::http_request& req,
       const net::http_responder& respond) {
  constexpr std::string_view scheme = "Bearer ";
  auto header = req.header("authorization");
  std::optional<protocol::token_claims> claims;
  if (header.substr(0, scheme.size()) == scheme)
    claims = ctx->tokens.verify(header.substr(scheme.size()),
                                std::chrono::system_clock::now());
  if (!claims)
    respond(http_error_response(error_code::auth_failed,
                                "a valid Bearer token is required"));
  return claims;
}

} // namespace troupe::http::detail
