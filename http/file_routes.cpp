#include "http/routes.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>
#include <utility>

#include "actors/atoms.hpp"
#include "actors/services.hpp"
#include "actors/store_calls.hpp"
#include "http/route_support.hpp"
#include "protocol/encoder.hpp"

namespace troupe::http::routes {

using detail::error_code;

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
void admit_upload(caf::actor_system& sys, const actors::context_ptr& ctx,
                  const net::http_request& head,
                  std::optional<std::uint64_t> content_length,
                  net::http_admitter decide) {
  net::http_responder refuse = [decide](net::http_response response) {
    decide({std::move(response), 0});
  };
  auto claims = detail::bearer(ctx, head, refuse);
  if (!claims)
    return;
  net::http_admission admitted{std::nullopt, ctx->max_file_bytes};
  // An upload over the size limit is refused by the server itself; one of
  // unknown size is checked against the quota once it is read.
  auto declared = content_length.value_or(0);
  if (ctx->user_file_quota == 0 || declared > ctx->max_file_bytes)
    return decide(std::move(admitted));
  auto on_ok = [decide, admitted] { decide(admitted); };
  detail::store_or(sys, ctx, actors::persistence_for(sys, *ctx, claims->uid),
                   refuse,
                   actors::store_calls::check_file_quota(claims->uid, declared,
                                                         ctx->user_file_quota),
                   on_ok, upload_error_response);
}

void post_file(caf::actor_system& sys, const actors::context_ptr& ctx,
               net::http_request& req, net::http_responder respond) {
  auto claims = detail::bearer(ctx, req, respond);
  if (!claims)
    return;
  std::string type{req.header("content-type")};
  if (type.empty())
    type = "application/octet-stream";
  auto on_ok = [respond](storage::file_record& meta) {
    respond(detail::json_response(
      201, protocol::encode_http_file_stored(meta.file_id, meta.size)));
  };
  detail::store_or(
    sys, ctx, actors::persistence_for(sys, *ctx, claims->uid), respond,
    actors::store_calls::store_file(claims->uid, std::move(type),
                                    std::move(req.body), ctx->user_file_quota,
                                    ctx->ids),
    on_ok, upload_error_response);
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

void get_file(caf::actor_system& sys, const actors::context_ptr& ctx,
              const net::http_request& req, std::string_view id_text,
              net::http_responder respond) {
  auto claims = detail::bearer(ctx, req, respond);
  if (!claims)
    return;
  std::int64_t file_id = 0;
  auto [end, ec]
    = std::from_chars(id_text.data(), id_text.data() + id_text.size(), file_id);
  if (ec != std::errc{} || end != id_text.data() + id_text.size()
      || file_id <= 0)
    return respond(http_error_response(error_code::no_such_file));
  auto on_ok = [respond](actors::store_calls::file_download& file) {
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
  detail::store_or(sys, ctx, actors::persistence_for(sys, *ctx, claims->uid),
                   respond,
                   actors::store_calls::read_file(file_id, claims->uid), on_ok,
                   http_error_response);
}

} // namespace troupe::http::routes
