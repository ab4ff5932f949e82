#include "net/ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace troupe::net {

namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

/// The handshake's Host field: the server's address and port.
std::string host_field(const tcp::endpoint& server) {
  auto address = server.address().to_string();
  if (server.address().is_v6())
    address = "[" + address + "]";
  return address + ":" + std::to_string(server.port());
}

} // namespace

struct ws_client::impl {
  impl(asio::io_context& ioc, tcp::endpoint server,
       std::optional<asio::ip::address> source)
    : ws(ioc), server(server), source(source) {
    // Beast's default, stated: the node's replies are not bounded by its
    // frame limit (that is for what clients send), and `group_members` of
    // a 10,000-member group is about 0.8 MB.
    ws.read_message_max(16 << 20);
  }

  websocket::stream<tcp::socket> ws;
  tcp::endpoint server;
  std::optional<asio::ip::address> source;
  std::string target;
  beast::flat_buffer buffer;
  std::deque<std::string> queue;
  bool writing = false;
  bool closing = false;
  bool finished = false;
  frame_handler frames;
  done_handler opened;
  done_handler closed;
};

ws_client::ws_client(asio::io_context& ioc, tcp::endpoint server,
                     std::optional<asio::ip::address> source)
  : impl_(std::make_unique<impl>(ioc, server, source)) {
  // nop
}

ws_client::~ws_client() = default;

void ws_client::open(std::string target, done_handler opened) {
  auto& d = *impl_;
  d.target = std::move(target);
  d.opened = std::move(opened);
  auto& socket = d.ws.next_layer();
  error_code ec;
  socket.open(d.server.protocol(), ec);
  if (!ec && d.source) {
    // Spreading clients over 127.0.0.0/8 multiplies the ports available.
    socket.bind(tcp::endpoint{*d.source, 0}, ec);
  }
  if (ec) {
    auto self = shared_from_this();
    asio::post(socket.get_executor(), [self, ec] { self->finish(ec); });
    return;
  }
  socket.async_connect(d.server, [self = shared_from_this()](error_code ec) {
    if (ec)
      return self->finish(ec);
    auto& d = *self->impl_;
    d.ws.next_layer().set_option(tcp::no_delay(true), ec);
    d.ws.async_handshake(host_field(d.server), d.target, [self](error_code ec) {
      if (ec)
        return self->finish(ec);
      self->open_ = true;
      self->impl_->ws.text(true);
      if (auto opened = std::move(self->impl_->opened))
        opened({});
      self->do_read();
      if (!self->impl_->queue.empty() && !self->impl_->writing)
        self->do_write();
    });
  });
}

void ws_client::on_frame(frame_handler handler) {
  impl_->frames = std::move(handler);
}

void ws_client::on_closed(done_handler handler) {
  impl_->closed = std::move(handler);
}

void ws_client::do_read() {
  impl_->ws.async_read(
    impl_->buffer, [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec)
        return self->finish(ec);
      auto& d = *self->impl_;
      auto data = d.buffer.data();
      if (d.frames)
        d.frames(
          std::string_view{static_cast<const char*>(data.data()), data.size()});
      d.buffer.consume(d.buffer.size());
      if (!d.finished)
        self->do_read();
    });
}

void ws_client::send(std::string frame) {
  auto& d = *impl_;
  if (d.finished || d.closing)
    return;
  d.queue.push_back(std::move(frame));
  if (open_ && !d.writing)
    do_write();
}

void ws_client::do_write() {
  auto& d = *impl_;
  d.writing = true;
  d.ws.async_write(asio::buffer(d.queue.front()),
                   [self = shared_from_this()](error_code ec, std::size_t) {
                     auto& d = *self->impl_;
                     d.writing = false;
                     if (ec)
                       return self->finish(ec);
                     d.queue.pop_front();
                     if (!d.queue.empty())
                       self->do_write();
                   });
}

void ws_client::ping() {
  if (!open_ || impl_->finished)
    return;
  impl_->ws.async_ping({}, [self = shared_from_this()](error_code ec) {
    if (ec)
      self->finish(ec);
  });
}

void ws_client::close() {
  auto& d = *impl_;
  if (d.finished || d.closing)
    return;
  d.closing = true;
  if (!open_) {
    error_code ignored;
    d.ws.next_layer().close(ignored);
    return;
  }
  d.ws.async_close(
    websocket::close_code::normal,
    [self = shared_from_this()](error_code ec) { self->finish(ec); });
}

void ws_client::finish(error_code ec) {
  auto& d = *impl_;
  if (d.finished)
    return;
  d.finished = true;
  open_ = false;
  error_code ignored;
  d.ws.next_layer().close(ignored);
  if (auto opened = std::move(d.opened))
    opened(ec ? ec : asio::error::connection_aborted);
  if (auto closed = std::move(d.closed))
    closed(ec);
  d.frames = nullptr;
}

} // namespace troupe::net
