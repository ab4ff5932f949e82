#include "net/forwarded.hpp"

#include <algorithm>

namespace troupe::net {

namespace {

bool is_trusted(std::string_view address,
                const std::vector<std::string>& trusted_proxies) {
  return std::find(trusted_proxies.begin(), trusted_proxies.end(), address)
         != trusted_proxies.end();
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

} // namespace

remote_endpoint client_of(const remote_endpoint& peer,
                          std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
  if (forwarded_for.empty() || !is_trusted(peer.address, trusted_proxies))
    return peer;
  // From the right: the last hop first.
  while (!forwarded_for.empty()) {
    auto comma = forwarded_for.rfind(',');
    auto hop = trimmed(comma == std::string_view::npos
                         ? forwarded_for
                         : forwarded_for.substr(comma + 1));
    if (!hop.empty() && !is_trusted(hop, trusted_proxies))
      return remote_endpoint{std::string{hop}, 0};
    if (comma == std::string_view::npos)
      break;
    forwarded_for = forwarded_for.substr(0, comma);
  }
  return peer;
}

} // namespace troupe::net
