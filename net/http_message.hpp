#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/connection.hpp"

namespace troupe::net {

/// An HTTP request as the application sees it: no Beast types.
struct http_request {
  std::string method;
  /// Path and query as sent, e.g. "/ws?token=abc".
  std::string target;
  /// Header fields with lowercase names.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  remote_endpoint remote;

  /// Returns the path part of `target`.
  std::string_view path() const;

  /// Returns the value of query parameter `name`, percent-decoded, if the
  /// query has it.
  std::optional<std::string> query_param(std::string_view name) const;

  /// Returns the value of header `lowercase_name`; empty when absent.
  std::string_view header(std::string_view lowercase_name) const;
};

/// An HTTP response from the application.
struct http_response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  /// Extra header fields.
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Delivers the response to one request. Call it exactly once, from any
/// thread.
using http_responder = std::function<void(http_response)>;

} // namespace troupe::net
