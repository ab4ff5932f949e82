#include "apps/bench/nodes.hpp"

#include <charconv>
#include <stdexcept>

namespace troupe::bench {

std::optional<node_endpoint> parse_node(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos)
    return std::nullopt;
  auto host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(host, ec);
  unsigned port = 0;
  auto first = text.data() + colon + 1;
  auto last = text.data() + text.size();
  auto [end, error] = std::from_chars(first, last, port);
  if (ec || error != std::errc{} || end != last || port == 0 || port > 65535)
    return std::nullopt;
  return node_endpoint{address, static_cast<std::uint16_t>(port)};
}

std::vector<node_endpoint> node_endpoints(const options& opts) {
  if (opts.nodes.empty())
    return {{boost::asio::ip::make_address(opts.host), opts.port}};
  std::vector<node_endpoint> out;
  for (auto& text : opts.nodes) {
    auto node = parse_node(text);
    if (!node)
      throw std::invalid_argument("not HOST:PORT: " + text);
    out.push_back(*node);
  }
  return out;
}

std::size_t pair_node(std::size_t user) {
  auto pair = user / 2;
  return user % 2 == 0 ? pair : pair + 1;
}

} // namespace troupe::bench
