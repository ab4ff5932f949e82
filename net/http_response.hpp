#pragma once

#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "net/beast.hpp"
#include "net/http_message.hpp"

namespace troupe::net {

/// Returns `response` as a Beast message for an HTTP/`version` exchange.
inline http::response<http::string_body>
to_beast_response(http_response response, unsigned version, bool keep_alive) {
  http::response<http::string_body> out{
    static_cast<http::status>(response.status), version};
  out.set(http::field::server, "troupe");
  out.set(http::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers)
    out.set(name, value);
  out.body() = std::move(response.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

/// Returns the header fields of `fields` with lowercase names, in order.
template <class Fields>
std::vector<std::pair<std::string, std::string>>
lowercase_fields(const Fields& fields) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& field : fields) {
    std::string name{to_std(field.name_string())};
    for (auto& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.emplace_back(std::move(name), std::string{to_std(field.value())});
  }
  return out;
}

/// Returns the fields of `head` the application may look at.
template <class Fields>
http_request to_http_request(const http::header<true, Fields>& head) {
  http_request out;
  out.method = std::string{to_std(head.method_string())};
  out.target = std::string{to_std(head.target())};
  out.headers = lowercase_fields(head);
  return out;
}

} // namespace troupe::net
