#include "net/http_message.hpp"

namespace troupe::net {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      auto hi = hex_value(in[i + 1]);
      auto lo = hex_value(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += in[i] == '+' ? ' ' : in[i];
  }
  return out;
}

} // namespace

std::string_view http_request::path() const {
  std::string_view t{target};
  return t.substr(0, t.find('?'));
}

std::optional<std::string>
http_request::query_param(std::string_view name) const {
  std::string_view t{target};
  auto q = t.find('?');
  if (q == std::string_view::npos)
    return std::nullopt;
  auto query = t.substr(q + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name)
      return eq == std::string_view::npos ? std::string{}
                                          : percent_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos)
      break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::string_view http_request::header(std::string_view lowercase_name) const {
  for (auto& [key, value] : headers)
    if (key == lowercase_name)
      return value;
  return {};
}

} // namespace troupe::net
