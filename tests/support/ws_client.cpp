#include "tests/support/ws_client.hpp"

#include <poll.h>

#include <stdexcept>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "net/http_client.hpp"

namespace troupe::test {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using error_code = beast::error_code;

/// Runs the async operation `start` (which receives a completion handler
/// taking an error code) to completion within `io_deadline`.
template <class Start>
error_code run_with_deadline(asio::io_context& ioc, tcp::socket& socket,
                             Start start) {
  error_code result;
  auto done = false;
  ioc.restart();
  start([&](error_code ec, auto&&...) {
    result = ec;
    done = true;
  });
  ioc.run_for(io_deadline);
  if (!done) {
    error_code ignored;
    socket.cancel(ignored);
    ioc.restart();
    ioc.run();
    throw std::runtime_error("timed out waiting for the node");
  }
  return result;
}

tcp::socket connect_to(asio::io_context& ioc, std::uint16_t port,
                       const std::string& from) {
  tcp::socket socket{ioc};
  tcp::endpoint ep{asio::ip::make_address("127.0.0.1"), port};
  if (!from.empty()) {
    socket.open(tcp::v4());
    socket.bind({asio::ip::make_address(from), 0});
  }
  auto ec = run_with_deadline(
    ioc, socket, [&](auto handler) { socket.async_connect(ep, handler); });
  if (ec)
    throw std::runtime_error("cannot connect: " + ec.message());
  return socket;
}

} // namespace

http_result http_call(std::uint16_t port, const std::string& method,
                      const std::string& target, const std::string& body,
                      std::vector<std::pair<std::string, std::string>> headers,
                      const std::string& from) {
  auto res = net::http_exchange("127.0.0.1", port, method, target, body,
                                headers, io_deadline, from);
  return {res.status, std::move(res.body), std::move(res.content_type),
          std::move(res.headers)};
}

struct raw_connection::impl {
  asio::io_context ioc;
  tcp::socket socket{ioc};
  std::string received;
};

raw_connection::raw_connection(std::uint16_t port)
  : impl_(std::make_unique<impl>()) {
  impl_->socket = connect_to(impl_->ioc, port, {});
}

raw_connection::~raw_connection() = default;

void raw_connection::send(std::string_view bytes) {
  auto ec = run_with_deadline(impl_->ioc, impl_->socket, [&](auto handler) {
    asio::async_write(impl_->socket, asio::buffer(bytes.data(), bytes.size()),
                      handler);
  });
  if (ec)
    throw std::runtime_error("cannot send: " + ec.message());
}

std::string raw_connection::read_until(std::string_view delimiter) {
  std::size_t end = 0;
  auto ec = run_with_deadline(impl_->ioc, impl_->socket, [&](auto handler) {
    asio::async_read_until(impl_->socket, asio::dynamic_buffer(impl_->received),
                           std::string{delimiter},
                           [&end, handler](error_code ec, std::size_t n) {
                             end = n;
                             handler(ec);
                           });
  });
  if (ec)
    throw std::runtime_error("read failed: " + ec.message());
  auto out = impl_->received.substr(0, end);
  impl_->received.erase(0, end);
  return out;
}

std::string raw_connection::read_to_end() {
  auto ec = run_with_deadline(impl_->ioc, impl_->socket, [&](auto handler) {
    asio::async_read(impl_->socket, asio::dynamic_buffer(impl_->received),
                     handler);
  });
  if (ec != asio::error::eof)
    throw std::runtime_error("read failed: " + ec.message());
  return std::exchange(impl_->received, {});
}

struct ws_client::impl {
  asio::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};
  beast::flat_buffer buffer;
  bool open = false;

  tcp::socket& socket() { return ws.next_layer(); }

  /// Connects and runs the handshake; fills `res` with the HTTP answer.
  error_code handshake(std::uint16_t port, const std::string& target,
                       const std::string& from, websocket::response_type& res) {
    ws.next_layer() = connect_to(ioc, port, from);
    return run_with_deadline(ioc, socket(), [&](auto handler) {
      ws.async_handshake(res, "127.0.0.1", target, handler);
    });
  }
};

ws_client::ws_client(std::uint16_t port, const std::string& target,
                     const std::string& from)
  : impl_(std::make_unique<impl>()) {
  websocket::response_type res;
  if (auto ec = impl_->handshake(port, target, from, res))
    throw std::runtime_error("WebSocket handshake failed (HTTP "
                             + std::to_string(res.result_int())
                             + "): " + ec.message());
  impl_->open = true;
}

ws_client::~ws_client() = default;
ws_client::ws_client(ws_client&&) noexcept = default;
ws_client& ws_client::operator=(ws_client&&) noexcept = default;

std::optional<refused_upgrade>
ws_client::try_refused(std::uint16_t port, const std::string& target) {
  impl conn;
  websocket::response_type res;
  if (!conn.handshake(port, target, {}, res))
    return std::nullopt;
  return refused_upgrade{res.result_int(), res.body()};
}

void ws_client::send_text(std::string_view text) {
  impl_->ws.text(true);
  auto ec = run_with_deadline(impl_->ioc, impl_->socket(), [&](auto handler) {
    impl_->ws.async_write(asio::buffer(text.data(), text.size()), handler);
  });
  if (ec)
    throw std::runtime_error("cannot send: " + ec.message());
}

void ws_client::send_binary(std::string_view bytes) {
  impl_->ws.binary(true);
  auto ec = run_with_deadline(impl_->ioc, impl_->socket(), [&](auto handler) {
    impl_->ws.async_write(asio::buffer(bytes.data(), bytes.size()), handler);
  });
  if (ec)
    throw std::runtime_error("cannot send: " + ec.message());
}

void ws_client::send_json(const json& frame) {
  send_text(frame.dump());
}

void ws_client::send_ping() {
  auto ec = run_with_deadline(impl_->ioc, impl_->socket(), [&](auto handler) {
    impl_->ws.async_ping({}, handler);
  });
  if (ec)
    throw std::runtime_error("cannot ping: " + ec.message());
}

json ws_client::read() {
  impl_->buffer.clear();
  auto ec = run_with_deadline(impl_->ioc, impl_->socket(), [&](auto handler) {
    impl_->ws.async_read(impl_->buffer, handler);
  });
  if (ec)
    throw std::runtime_error("read failed: " + ec.message());
  return json::parse(beast::buffers_to_string(impl_->buffer.data()));
}

json ws_client::request(json frame) {
  auto id = frame.at("id");
  send_json(frame);
  for (;;) {
    auto answer = read();
    if (answer.contains("id") && answer["id"] == id
        && (answer["type"] == "ok" || answer["type"] == "error"))
      return answer;
    kept_pushes_.push_back(std::move(answer));
  }
}

json ws_client::call(const std::string& type, json params) {
  params["id"] = next_id();
  params["type"] = type;
  return request(std::move(params));
}

json ws_client::next_push() {
  if (!kept_pushes_.empty()) {
    auto push = std::move(kept_pushes_.front());
    kept_pushes_.pop_front();
    return push;
  }
  return read();
}

json ws_client::next_push(const std::string& type) {
  for (auto i = kept_pushes_.begin(); i != kept_pushes_.end(); ++i)
    if (i->value("type", "") == type) {
      auto push = std::move(*i);
      kept_pushes_.erase(i);
      return push;
    }
  for (;;) {
    auto frame = read();
    if (frame.value("type", "") == type)
      return frame;
    kept_pushes_.push_back(std::move(frame));
  }
}

bool ws_client::has_kept(const std::string& type) const {
  for (auto& push : kept_pushes_)
    if (push.value("type", "") == type)
      return true;
  return false;
}

void ws_client::ack(const json& push) {
  send_json({{"type", "ack"}, {"id", push.at("id")}});
}

std::uint16_t ws_client::read_until_closed(std::vector<json>* frames) {
  while (!kept_pushes_.empty()) {
    if (frames)
      frames->push_back(std::move(kept_pushes_.front()));
    kept_pushes_.pop_front();
  }
  for (;;) {
    impl_->buffer.clear();
    auto ec = run_with_deadline(impl_->ioc, impl_->socket(), [&](auto handler) {
      impl_->ws.async_read(impl_->buffer, handler);
    });
    if (ec == websocket::error::closed)
      return impl_->ws.reason().code;
    if (ec)
      throw std::runtime_error("connection ended without a close frame: "
                               + ec.message());
    if (frames)
      frames->push_back(
        json::parse(beast::buffers_to_string(impl_->buffer.data())));
  }
}

json ws_client::login(const std::string& username,
                      const std::string& password) {
  auto reply = call("login", {{"username", username}, {"password", password}});
  if (reply["type"] == "ok") {
    auto welcome = next_push();
    if (welcome["type"] != "welcome")
      throw std::runtime_error("expected welcome, got " + welcome.dump());
  }
  return reply;
}

void ws_client::drop() {
  error_code ignored;
  impl_->socket().close(ignored);
}

bool ws_client::hung_up_within(std::chrono::milliseconds timeout) {
  // Asks only for the hang-up: data waiting to be read does not count.
  pollfd watch{impl_->socket().native_handle(), POLLRDHUP, 0};
  auto ready = ::poll(&watch, 1, static_cast<int>(timeout.count()));
  return ready > 0 && (watch.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

std::string ws_client::next_id() {
  return "r" + std::to_string(next_id_++);
}

} // namespace troupe::test
