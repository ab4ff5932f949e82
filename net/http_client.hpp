#pragma once

// One HTTP/1.1 exchange from the client side, blocking and bounded: what
// troupe-cli uploads and downloads files with, and what the tests call the
// node's HTTP API with.

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace troupe::net {

struct http_exchange_result {
  unsigned status = 0;
  std::string body;
  std::string content_type;
  /// Every header field, names in lowercase.
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Connects to `host`:`port` (from `local_address` when it is not empty),
/// sends `method` `target` with `headers` and `body`, and returns the
/// response. Everything must be done within `timeout`; throws
/// std::runtime_error when it is not, or on any network error.
http_exchange_result http_exchange(
  const std::string& host, std::uint16_t port, const std::string& method,
  const std::string& target, const std::string& body,
  const std::vector<std::pair<std::string, std::string>>& headers,
  std::chrono::milliseconds timeout, const std::string& local_address = {});

} // namespace troupe::net
