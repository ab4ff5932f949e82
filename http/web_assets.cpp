#include "http/web_assets.hpp"

#include <string>

namespace troupe::http {

namespace {

// The page loads scripts, styles and images only from this node, talks only
// to this node (WebSocket and HTTP API; 'self' covers ws: on the same host),
// shows downloaded images as blob: URLs, and may not be framed.
constexpr std::string_view content_security_policy
  = "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' blob: data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

} // namespace

std::optional<web_asset> find_web_asset(std::string_view path) {
  if (path == "/")
    path = "/index.html";
  for (const auto& asset : web_asset_table)
    if (asset.path == path)
      return asset;
  return std::nullopt;
}

net::http_response web_asset_response(const web_asset& asset) {
  net::http_response out;
  out.content_type = std::string{asset.content_type};
  out.body = std::string{asset.bytes};
  out.headers.emplace_back("Content-Security-Policy",
                           std::string{content_security_policy});
  out.headers.emplace_back("X-Content-Type-Options", "nosniff");
  out.headers.emplace_back("Referrer-Policy", "no-referrer");
  // The files change with the binary: revalidate rather than cache stale
  // ones across an upgrade (they are small).
  out.headers.emplace_back("Cache-Control", "no-cache");
  return out;
}

} // namespace troupe::http
