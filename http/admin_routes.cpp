#include "http/routes.hpp"

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <caf/send.hpp>

#include "actors/atoms.hpp"
#include "actors/push_envelope.hpp"
#include "actors/services.hpp"
#include "actors/store_calls.hpp"
#include "http/route_support.hpp"
#include "protocol/admin.hpp"

namespace troupe::http::routes {

using detail::error_code;

/// Checks `X-Admin-Key`; answers 401 (and returns false) unless it is the
/// configured key. Without a configured key the admin API is off.
bool admin_allowed(const actors::context_ptr& ctx, const net::http_request& req,
                   const net::http_responder& respond) {
  if (protocol::admin_key_matches(ctx->admin_key, req.header("x-admin-key")))
    return true;
  respond(http_error_response(error_code::not_authenticated,
                              ctx->admin_key.empty()
                                ? "the admin API is off (admin.key unset)"
                                : "a valid X-Admin-Key is required"));
  return false;
}

/// Decodes an admin body with `decode`, or answers 400.
template <class Decode>
auto decode_admin(const net::http_request& req, const actors::context_ptr& ctx,
                  const net::http_responder& respond, Decode decode)
  -> std::optional<std::decay_t<
    decltype(std::get<0>(decode(std::string_view{}, protocol::limits{})))>> {
  auto decoded = decode(req.body, ctx->limits);
  if (auto* err = std::get_if<protocol::decode_error>(&decoded)) {
    respond(http_error_response(err->code, err->message));
    return std::nullopt;
  }
  return std::get<0>(std::move(decoded));
}

/// Routes a stored push to `uid`'s session, if they are online.
void route(caf::actor_system& sys, protocol::user_id uid,
           storage::stored_push& push) {
  if (auto dir = actors::lookup(sys, actors::names::directory))
    caf::anon_send(
      dir, atoms::deliver_atom_v, uid,
      actors::push_envelope{
        push.push_id,
        std::make_shared<const std::string>(std::move(push.payload)), 0});
}

void post_system_message(caf::actor_system& sys, const actors::context_ptr& ctx,
                         const net::http_request& req,
                         net::http_responder respond) {
  if (!admin_allowed(ctx, req, respond))
    return;
  auto msg
    = decode_admin(req, ctx, respond, protocol::decode_admin_system_message);
  if (!msg)
    return;
  auto on_ok = [&sys, ctx, respond](actors::store_calls::system_pushed& out) {
    ctx->metrics->count_stored(telemetry::message_chat::system);
    route(sys, out.uid, out.push);
    respond(detail::json_response(202, "{}"));
  };
  auto worker
    = actors::persistence_for(sys, *ctx, actors::key_of(msg->username));
  detail::store_or(sys, ctx, worker, respond,
                   actors::store_calls::store_system_message(
                     std::move(msg->username), std::move(msg->body), ctx->ids),
                   on_ok, http_error_response);
}

void post_friendship(caf::actor_system& sys, const actors::context_ptr& ctx,
                     const net::http_request& req,
                     net::http_responder respond) {
  if (!admin_allowed(ctx, req, respond))
    return;
  auto pair
    = decode_admin(req, ctx, respond, protocol::decode_admin_friendship);
  if (!pair)
    return;
  auto on_ok = [&sys, respond](actors::store_calls::admin_befriended& out) {
    if (out.made) {
      route(sys, out.a, out.to_a);
      route(sys, out.b, out.to_b);
    }
    respond(detail::json_response(200, "{}"));
  };
  auto worker = actors::persistence_for(sys, *ctx, actors::key_of(pair->a));
  detail::store_or(sys, ctx, worker, respond,
                   actors::store_calls::befriend_now(
                     std::move(pair->a), std::move(pair->b), ctx->ids),
                   on_ok, http_error_response);
}

} // namespace troupe::http::routes
