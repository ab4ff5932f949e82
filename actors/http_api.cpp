#include "actors/http_api.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "actors/message_types.hpp"
#include "actors/push_envelope.hpp"
#include "actors/services.hpp"
#include "actors/store_calls.hpp"
#include "actors/web_assets.hpp"
#include "protocol/admin.hpp"
#include "protocol/decoder.hpp"
#include "protocol/encoder.hpp"

namespace troupe::actors {

namespace {

using protocol::error_code;

// `/healthz` answers 503 if the storage check takes longer than this.
constexpr auto health_timeout = std::chrono::seconds{3};

net::http_response json_response(unsigned status, std::string body) {
  net::http_response out;
  out.status = status;
  out.body = std::move(body);
  return out;
}

/// Decodes the JSON body as the parameters of `type`, or answers 4xx.
template <class Command>
std::optional<Command>
decode_body(const net::http_request& req, std::string_view type,
            const context_ptr& ctx, const net::http_responder& respond) {
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
template <class OnOk, class OnError, class... Ts>
void ask_or(caf::actor_system& sys, const context_ptr& ctx, caf::actor target,
            const net::http_responder& respond, OnOk on_ok, OnError on_error,
            Ts... request) {
  if (!target)
    return respond(on_error(error_code::unavailable, std::string{}));
  sys.spawn([=](caf::event_based_actor* self) mutable {
    self->request(target, ctx->request_timeout, std::move(request)...)
      .then(std::move(on_ok), [respond, on_error](caf::error& err) {
        respond(on_error(to_protocol_error(err), client_message(err)));
      });
  });
}

template <class OnOk, class... Ts>
void ask(caf::actor_system& sys, const context_ptr& ctx, caf::actor target,
         const net::http_responder& respond, OnOk on_ok, Ts... request) {
  ask_or(
    sys, ctx, std::move(target), respond, std::move(on_ok),
    [](error_code code, const std::string& message) {
      return http_error_response(code, message);
    },
    std::move(request)...);
}

void post_register(caf::actor_system& sys, const context_ptr& ctx,
                   const net::http_request& req, net::http_responder respond) {
  auto cmd
    = decode_body<protocol::register_command>(req, "register", ctx, respond);
  if (!cmd)
    return;
  auto on_ok = [respond](protocol::user_id uid) {
    respond(json_response(201, protocol::encode_http_registered(uid)));
  };
  ask(sys, ctx, lookup(sys, names::authenticator), respond, on_ok,
      atoms::signup_atom_v, std::move(*cmd), req.remote.address);
}

void post_token(caf::actor_system& sys, const context_ptr& ctx,
                const net::http_request& req, net::http_responder respond) {
  auto cmd = decode_body<protocol::login_command>(req, "login", ctx, respond);
  if (!cmd)
    return;
  auto on_ok = [ctx, respond](protocol::user_id uid, std::string& username) {
    ctx->metrics->logins.count(std::nullopt);
    auto ttl = ctx->session.token_ttl;
    auto token = ctx->tokens.issue({uid, std::move(username)},
                                   std::chrono::system_clock::now() + ttl);
    respond(
      json_response(200, protocol::encode_http_token(token, ttl.count())));
  };
  auto on_error = [ctx](error_code code, const std::string& message) {
    ctx->metrics->logins.count(code);
    return http_error_response(code, message);
  };
  ask_or(sys, ctx, lookup(sys, names::authenticator), respond, on_ok, on_error,
         atoms::login_atom_v, std::move(cmd->username),
         std::move(cmd->password), req.remote.address);
}

/// Returns the user a `Bearer` token speaks for, or answers 401.
std::optional<protocol::token_claims>
bearer(const context_ptr& ctx, const net::http_request& req,
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

/// Returns the answer to an upload that failed with `code`: `too_long`
/// is the user's file quota (the size limit is the server's 413).
net::http_response upload_error_response(error_code code,
                                         const std::string& message) {
  if (code != error_code::too_long)
    return http_error_response(code, message);
  auto response = http_error_response(code, "file quota exceeded");
  response.status = 413;
  return response;
}

/// Decides on an upload from its header: 401 without a valid token, 413
/// when the declared size does not fit in the user's file quota.
void admit_upload(caf::actor_system& sys, const context_ptr& ctx,
                  const net::http_request& head,
                  std::optional<std::uint64_t> content_length,
                  net::http_admitter decide) {
  net::http_responder refuse = [decide](net::http_response response) {
    decide({std::move(response), 0});
  };
  auto claims = bearer(ctx, head, refuse);
  if (!claims)
    return;
  net::http_admission admitted{std::nullopt, ctx->max_file_bytes};
  // An upload over the size limit is refused by the server itself; one of
  // unknown size is checked against the quota once it is read.
  auto declared = content_length.value_or(0);
  if (ctx->user_file_quota == 0 || declared > ctx->max_file_bytes)
    return decide(std::move(admitted));
  auto on_ok = [decide, admitted](caf::ok_atom) { decide(admitted); };
  ask_or(
    sys, ctx, persistence_for(sys, *ctx, claims->uid), refuse, on_ok,
    upload_error_response, atoms::run_atom_v,
    store_calls::check_file_quota(claims->uid, declared, ctx->user_file_quota));
}

void post_file(caf::actor_system& sys, const context_ptr& ctx,
               net::http_request& req, net::http_responder respond) {
  auto claims = bearer(ctx, req, respond);
  if (!claims)
    return;
  std::string type{req.header("content-type")};
  if (type.empty())
    type = "application/octet-stream";
  auto on_ok = [respond](storage::file_record& meta) {
    respond(json_response(
      201, protocol::encode_http_file_stored(meta.file_id, meta.size)));
  };
  ask_or(sys, ctx, persistence_for(sys, *ctx, claims->uid), respond, on_ok,
         upload_error_response, atoms::run_atom_v,
         store_calls::store_file(claims->uid, std::move(type),
                                 std::move(req.body), ctx->user_file_quota,
                                 ctx->ids));
}

/// Returns whether a browser may show a file of `content_type` in place:
/// raster images only. Anything else (HTML, SVG, scripts, ...) could run
/// in the node's origin, so it is downloaded as an attachment.
bool shown_inline(std::string_view content_type) {
  auto media_type = content_type.substr(0, content_type.find(';'));
  while (!media_type.empty() && media_type.back() == ' ')
    media_type.remove_suffix(1);
  for (std::string_view image :
       {"image/png", "image/jpeg", "image/gif", "image/webp"})
    if (media_type.size() == image.size()
        && std::equal(media_type.begin(), media_type.end(), image.begin(),
                      [](char a, char b) {
                        return std::tolower(static_cast<unsigned char>(a)) == b;
                      }))
      return true;
  return false;
}

void get_file(caf::actor_system& sys, const context_ptr& ctx,
              const net::http_request& req, std::string_view id_text,
              net::http_responder respond) {
  auto claims = bearer(ctx, req, respond);
  if (!claims)
    return;
  std::int64_t file_id = 0;
  auto [end, ec]
    = std::from_chars(id_text.data(), id_text.data() + id_text.size(), file_id);
  if (ec != std::errc{} || end != id_text.data() + id_text.size()
      || file_id <= 0)
    return respond(http_error_response(error_code::no_such_file));
  auto on_ok = [respond](store_calls::file_download& file) {
    net::http_response out;
    out.content_type = file.meta.content_type;
    out.body = std::move(file.bytes);
    out.headers.emplace_back("Cache-Control", "private");
    // Uploaders choose the type: a browser must neither guess another one
    // nor run what it is given in the node's origin.
    out.headers.emplace_back("X-Content-Type-Options", "nosniff");
    out.headers.emplace_back("Content-Security-Policy",
                             "default-src 'none'; sandbox");
    out.headers.emplace_back("Content-Disposition",
                             shown_inline(out.content_type) ? "inline"
                                                            : "attachment");
    respond(std::move(out));
  };
  ask(sys, ctx, persistence_for(sys, *ctx, claims->uid), respond, on_ok,
      atoms::run_atom_v, store_calls::read_file(file_id, claims->uid));
}

/// Answers 200 when every persistence worker reaches the store, else 503.
/// Checks `X-Admin-Key`; answers 401 (and returns false) unless it is the
/// configured key. Without a configured key the admin API is off.
bool admin_allowed(const context_ptr& ctx, const net::http_request& req,
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
auto decode_admin(const net::http_request& req, const context_ptr& ctx,
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
  if (auto dir = lookup(sys, names::directory))
    caf::anon_send(
      dir, atoms::deliver_atom_v, uid,
      push_envelope{
        push.push_id,
        std::make_shared<const std::string>(std::move(push.payload)), 0});
}

net::http_response metrics_response(const node_metrics& metrics) {
  net::http_response out;
  out.content_type = std::string{protocol::prometheus_content_type};
  out.body = render_metrics(metrics);
  out.headers.emplace_back("Cache-Control", "no-store");
  return out;
}

void post_system_message(caf::actor_system& sys, const context_ptr& ctx,
                         const net::http_request& req,
                         net::http_responder respond) {
  if (!admin_allowed(ctx, req, respond))
    return;
  auto msg
    = decode_admin(req, ctx, respond, protocol::decode_admin_system_message);
  if (!msg)
    return;
  auto on_ok = [&sys, ctx, respond](store_calls::system_pushed& out) {
    ctx->metrics->count_stored(message_chat::system);
    route(sys, out.uid, out.push);
    respond(json_response(202, "{}"));
  };
  ask(sys, ctx, persistence_for(sys, *ctx, key_of(msg->username)), respond,
      on_ok, atoms::run_atom_v,
      store_calls::store_system_message(std::move(msg->username),
                                        std::move(msg->body), ctx->ids));
}

void post_friendship(caf::actor_system& sys, const context_ptr& ctx,
                     const net::http_request& req,
                     net::http_responder respond) {
  if (!admin_allowed(ctx, req, respond))
    return;
  auto pair
    = decode_admin(req, ctx, respond, protocol::decode_admin_friendship);
  if (!pair)
    return;
  auto on_ok = [&sys, respond](store_calls::admin_befriended& out) {
    if (out.made) {
      route(sys, out.a, out.to_a);
      route(sys, out.b, out.to_b);
    }
    respond(json_response(200, "{}"));
  };
  ask(sys, ctx, persistence_for(sys, *ctx, key_of(pair->a)), respond, on_ok,
      atoms::run_atom_v,
      store_calls::befriend_now(std::move(pair->a), std::move(pair->b),
                                ctx->ids));
}

void get_healthz(caf::actor_system& sys, const context_ptr& ctx,
                 net::http_responder respond) {
  auto unhealthy
    = [respond] { respond(json_response(503, R"({"status":"unavailable"})")); };
  std::vector<caf::actor> workers;
  for (std::size_t i = 0; i < ctx->persistence_workers; ++i) {
    auto worker = lookup(sys, names::persistence(i));
    if (!worker)
      return unhealthy();
    workers.push_back(worker);
  }
  sys.spawn([workers, respond, unhealthy](caf::event_based_actor* self) {
    auto pending = std::make_shared<std::size_t>(workers.size());
    auto failed = std::make_shared<bool>(false);
    for (auto& worker : workers)
      self
        ->request(worker, health_timeout, atoms::run_atom_v,
                  store_calls::check_health())
        .then(
          [respond, pending, failed](caf::ok_atom) {
            if (--*pending == 0 && !*failed)
              respond(json_response(200, R"({"status":"ok"})"));
          },
          [unhealthy, failed](caf::error&) {
            if (!*failed) {
              *failed = true;
              unhealthy();
            }
          });
  });
}

} // namespace

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
  return json_response(http_status(code),
                       protocol::encode_http_error(code, message));
}

void admit_http(caf::actor_system& sys, const context_ptr& ctx,
                const net::http_request& head,
                std::optional<std::uint64_t> content_length,
                net::http_admitter decide) {
  if (head.path() == "/api/files" && head.method == "POST")
    return admit_upload(sys, ctx, head, content_length, std::move(decide));
  decide({std::nullopt, ctx->max_http_body_bytes});
}

void serve_http(caf::actor_system& sys, const context_ptr& ctx,
                net::http_request request, net::http_responder respond) {
  auto path = request.path();
  auto post = request.method == "POST";
  if (path == "/api/register" && post)
    return post_register(sys, ctx, request, std::move(respond));
  if (path == "/api/token" && post)
    return post_token(sys, ctx, request, std::move(respond));
  if (path == "/healthz" && request.method == "GET")
    return get_healthz(sys, ctx, std::move(respond));
  if (path == "/metrics" && request.method == "GET")
    return respond(metrics_response(*ctx->metrics));
  if (path == "/api/files" && post)
    return post_file(sys, ctx, request, std::move(respond));
  if (path == "/api/admin/system_message" && post)
    return post_system_message(sys, ctx, request, std::move(respond));
  if (path == "/api/admin/friendship" && post)
    return post_friendship(sys, ctx, request, std::move(respond));
  constexpr std::string_view files_prefix = "/api/files/";
  if (path.substr(0, files_prefix.size()) == files_prefix
      && request.method == "GET")
    return get_file(sys, ctx, request, path.substr(files_prefix.size()),
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

} // namespace troupe::actors
