#include "net/http_client.hpp"

#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>

#include "net/beast.hpp"
#include "net/http_response.hpp"

namespace troupe::net {

http_exchange_result http_exchange(
  const std::string& host, std::uint16_t port, const std::string& method,
  const std::string& target, const std::string& body,
  const std::vector<std::pair<std::string, std::string>>& headers,
  std::chrono::milliseconds timeout, const std::string& local_address) {
  asio::io_context ioc;
  tcp::resolver resolver{ioc};
  beast::tcp_stream stream{ioc};
  http::request<http::string_body> req{http::string_to_verb(method), target,
                                       11};
  req.set(http::field::host, host);
  for (auto& [name, value] : headers)
    req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  // Files may be larger than Beast's default 8 MB body bound.
  parser.body_limit(std::uint64_t{1} << 32);

  // Each step starts the next from its handler; the first error ends the
  // chain and `failure` says where it happened.
  error_code failure;
  std::string step = "resolve";
  bool done = false;
  auto fail = [&](error_code ec, const char* where) {
    failure = ec;
    step = where;
    done = true;
  };
  auto on_connect = [&](error_code ec) {
    if (ec)
      return fail(ec, "connect");
    http::async_write(stream, req, [&](error_code ec, std::size_t) {
      if (ec)
        return fail(ec, "send");
      http::async_read(stream, buffer, parser, [&](error_code ec, std::size_t) {
        if (ec)
          return fail(ec, "read");
        done = true;
      });
    });
  };
  resolver.async_resolve(
    host, std::to_string(port), [&](error_code ec, auto results) {
      if (ec)
        return fail(ec, "resolve");
      if (local_address.empty())
        return stream.async_connect(
          results, [&](error_code ec, auto) { on_connect(ec); });
      // A chosen source address: one endpoint, on a socket bound first.
      auto remote = results.begin()->endpoint();
      auto& socket = stream.socket();
      socket.open(remote.protocol(), ec);
      if (!ec)
        socket.bind({asio::ip::make_address(local_address, ec), 0}, ec);
      if (ec)
        return fail(ec, "bind");
      stream.async_connect(remote, on_connect);
    });
  ioc.run_for(timeout);
  if (!done)
    throw std::runtime_error("no HTTP answer from " + host + ":"
                             + std::to_string(port) + " in time");
  if (failure)
    throw std::runtime_error("HTTP " + step + " failed: " + failure.message());
  auto& res = parser.get();
  return {res.result_int(), res.body(),
          std::string{to_std(res[http::field::content_type])},
          lowercase_fields(res.base())};
}

} // namespace troupe::net
