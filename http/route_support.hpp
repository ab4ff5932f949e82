#pragma once

// What the HTTP API's routes share. Not for other files.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>

#include "actors/context.hpp"
#include "actors/errors.hpp"
#include "actors/interfaces.hpp"
#include "actors/store_request.hpp"
#include "http/api.hpp"
#include "net/http_message.hpp"
#include "protocol/decoder.hpp"
#include "protocol/token.hpp"

namespace troupe::http::detail {

using protocol::error_code;

inline net::http_response json_response(unsigned status, std::string body) {
  net::http_response out;
  out.status = status;
  out.body = std::move(body);
  return out;
}

/// Decodes the JSON body as the parameters of `type`, or answers 4xx.
template <class Command>
std::optional<Command> decode_body(const net::http_request& req,
                                   std::string_view type,
                                   const actors::context_ptr& ctx,
                                   const net::http_responder& respond) {
  auto decoded = protocol::decode_command(type, req.body, ctx->limits);
  if (auto* err = std::get_if<protocol::decode_error>(&decoded)) {
    respond(http_error_response(err->code, err->message));
    return std::nullopt;
  }
  return std::get<Command>(std::move(std::get<protocol::command>(decoded)));
}

/// Sends `request...` to `target` from a short-lived actor and hands the
/// answer to `on_ok`; a failure, or no `target` (it restarts), is answered
/// with the response `on_error` makes of its code and the text the failure
/// carries for the client (empty for the code's own).
template <class Handle, class OnOk, class OnError, class... Ts>
void ask_or(caf::actor_system& sys, const actors::context_ptr& ctx,
            Handle target, const net::http_responder& respond, OnOk on_ok,
            OnError on_error, Ts... request) {
  if (!target)
    return respond(on_error(error_code::unavailable, std::string{}));
  sys.spawn([=](caf::event_based_actor* self) mutable {
    self->request(target, ctx->request_timeout, std::move(request)...)
      .then(std::move(on_ok), [respond, on_error](caf::error& err) {
        respond(on_error(actors::to_protocol_error(err),
                         actors::client_message(err)));
      });
  });
}

template <class Handle, class OnOk, class... Ts>
void ask(caf::actor_system& sys, const actors::context_ptr& ctx, Handle target,
         const net::http_responder& respond, OnOk on_ok, Ts... request) {
  ask_or(
    sys, ctx, std::move(target), respond, std::move(on_ok),
    [](error_code code, const std::string& message) {
      return http_error_response(code, message);
    },
    std::move(request)...);
}

/// Runs `call` on `worker` from a short-lived actor and hands its answer to
/// `on_ok` (as `ask_store` does); a failure, or no `worker` (it restarts),
/// is answered as by `ask_or`.
template <class T, class OnOk, class OnError>
void store_or(caf::actor_system& sys, const actors::context_ptr& ctx,
              actors::persistence_actor worker,
              const net::http_responder& respond, actors::storage_call<T> call,
              OnOk on_ok, OnError on_error) {
  if (!worker)
    return respond(on_error(error_code::unavailable, std::string{}));
  sys.spawn([=](caf::event_based_actor* self) mutable {
    actors::ask_store(self, worker, ctx->request_timeout, std::move(call),
                      std::move(on_ok), [respond, on_error](caf::error& err) {
                        respond(on_error(actors::to_protocol_error(err),
                                         actors::client_message(err)));
                      });
  });
}

/// Returns the user a `Bearer` token speaks for, or answers 401.
std::optional<protocol::token_claims>
bearer(const actors::context_ptr& ctx, const net::http_request& req,
       const net::http_responder& respond);

} // namespace troupe::http::detail
