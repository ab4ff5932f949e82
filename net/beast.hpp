#pragma once

// The Beast and Asio names the net layer uses, in one place. Only net/*.cpp
// include this: Beast stays out of every other layer's build.

#include <string_view>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace troupe::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using error_code = beast::error_code;

/// Returns `s` as a standard string view (Beast 1.74 uses Boost's).
inline std::string_view to_std(beast::string_view s) {
  return {s.data(), s.size()};
}

} // namespace troupe::net
