#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "net/http_message.hpp"

namespace troupe::http {

/// One file of the web client (apps/web/), built into the binary.
struct web_asset {
  /// The URL path it is served at, e.g. "/js/store.js".
  std::string_view path;
  std::string_view content_type;
  std::string_view bytes;
};

/// Every file of the web client; generated at build time by
/// cmake/embed_web_assets.cmake.
extern const std::vector<web_asset> web_asset_table;

/// Returns the web client's file served at `path` ("/" is the page itself,
/// index.html), if there is one.
std::optional<web_asset> find_web_asset(std::string_view path);

/// Returns `asset` as a 200 response, with the headers that keep the page
/// to its own origin (Content-Security-Policy) and the browser from
/// guessing types (X-Content-Type-Options).
net::http_response web_asset_response(const web_asset& asset);

} // namespace troupe::http
