#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "net/connection.hpp"

namespace troupe::net {

/// Returns the client a request comes from. A request from one of
/// `trusted_proxies` (a reverse proxy in front of the node) names its
/// client in `X-Forwarded-For`, each proxy appending the address it was
/// reached from: the client is the rightmost address there that is not a
/// trusted proxy itself (anything left of it the client may have forged).
/// From anyone else, or without the header, the client is `peer`, the
/// socket's other end. The port is the client's only when it is `peer`.
remote_endpoint client_of(const remote_endpoint& peer,
                          std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies);

} // namespace troupe::net
