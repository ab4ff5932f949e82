#include "apps/bench/attack_sockets.hpp"

#include <array>

#include <poll.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace troupe::bench {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using boost::system::error_code;
using json = nlohmann::json;
using clock = attack_answers::clock;

namespace {

/// The request id of the set-up requests a silent socket reads the
/// replies of (one at a time).
constexpr const char* set_up_id = "attack-set-up";

/// Opens `socket`, binds it to the route's source address and connects;
/// then `connected(ec)`.
template <class Connected>
void connect_by(tcp::socket& socket, const attack_route& route,
                Connected connected) {
  error_code ec;
  socket.open(route.server.protocol(), ec);
  if (!ec && route.source)
    socket.bind(tcp::endpoint{*route.source, 0}, ec);
  if (ec)
    return connected(ec);
  socket.async_connect(route.server, std::move(connected));
}

std::string host_of(const attack_route& route) {
  return route.server.address().to_string() + ":"
         + std::to_string(route.server.port());
}

} // namespace

/// What both kinds of connection keep of their life, and count in their
/// tally: refused, opened, closed by the node (and after how long), or
/// still open when the attacker stopped.
struct connection_life {
  explicit connection_life(attack_answers& tally) : tally(tally) {
    // nop
  }

  attack_answers& tally;
  clock::time_point opened_at;
  std::function<void()> ended;
  bool open = false;
  bool over = false;

  void opened() {
    open = true;
    opened_at = clock::now();
    tally.count("opened");
  }

  /// Whether a handler of the opening must stop: the connection is over,
  /// or `ec` says it was refused (or could not be made: the node closes a
  /// socket past its connection caps as soon as it accepts it).
  bool refused(error_code ec, tcp::socket& socket) {
    if (over)
      return true;
    if (!ec)
      return false;
    tally.count("refused");
    end(socket);
    return true;
  }

  /// Whether a handler of an open connection must stop: the connection is
  /// over, or `ec` says the node ended it.
  bool ended_by_node(error_code ec, tcp::socket& socket) {
    if (over)
      return true;
    if (!ec)
      return false;
    node_closed(socket);
    return true;
  }

  /// The node closed the connection: counted with how long it lived.
  void node_closed(tcp::socket& socket) {
    if (over)
      return;
    tally.closed_by_node(opened_at);
    end(socket);
  }

  /// Closed by the attacker; counted as `what` if it was still open.
  void close(tcp::socket& socket, const char* what) {
    if (open && !over)
      tally.count(what);
    end(socket);
  }

  void end(tcp::socket& socket) {
    if (over)
      return;
    over = true;
    open = false;
    error_code ignored;
    socket.close(ignored);
    if (auto done = std::move(ended))
      done();
  }
};

// -- silent_socket -----------------------------------------------------------

struct silent_socket::impl {
  impl(asio::io_context& ioc, attack_route route, attack_answers& tally)
    : ws(ioc), route(std::move(route)), life(tally) {
    // nop
  }

  tcp::socket& socket() { return ws.next_layer(); }

  websocket::stream<tcp::socket> ws;
  attack_route route;
  connection_life life;
  std::size_t frames = 0;
  std::size_t sent = 0;
  frame_maker make;
  std::string frame;
  beast::flat_buffer buffer;
};

silent_socket::silent_socket(asio::io_context& ioc, attack_route route,
                             attack_answers& tally)
  : impl_(std::make_unique<impl>(ioc, std::move(route), tally)) {
  // nop
}

silent_socket::~silent_socket() = default;

void silent_socket::start(std::optional<credentials> account,
                          std::size_t frames, frame_maker make,
                          std::function<void()> ended) {
  auto& d = *impl_;
  d.frames = frames;
  d.make = std::move(make);
  d.life.ended = std::move(ended);
  connect_by(d.socket(), d.route,
             [self = shared_from_this(), account](error_code ec) {
               auto& d = *self->impl_;
               if (d.life.refused(ec, d.socket()))
                 return;
               d.ws.async_handshake(host_of(d.route), "/ws",
                                    [self, account](error_code ec) {
                                      auto& d = *self->impl_;
                                      if (d.life.refused(ec, d.socket()))
                                        return;
                                      d.life.opened();
                                      d.ws.text(true);
                                      if (account)
                                        self->log_in(*account);
                                      else
                                        self->write_next();
                                    });
             });
}

void silent_socket::log_in(credentials account) {
  // One after the other: the node may answer requests out of order, and a
  // login must find the account registered.
  json registration{{"type", "register"},
                    {"username", account.username},
                    {"password", account.password}};
  request(std::move(registration),
          [self = shared_from_this(), account](const json& reply) {
            self->impl_->life.tally.count_reply(reply, "register:");
            json login{{"type", "login"},
                       {"username", account.username},
                       {"password", account.password}};
            self->request(std::move(login), [self](const json& reply) {
              auto& d = *self->impl_;
              d.life.tally.count_reply(reply, "login:");
              if (reply.value("type", "") != "ok")
                return d.life.end(d.socket());
              // From here on, nothing is read.
              self->write_next();
            });
          });
}

void silent_socket::request(json req, std::function<void(const json&)> then) {
  auto& d = *impl_;
  req["id"] = set_up_id;
  d.frame = req.dump();
  d.ws.async_write(asio::buffer(d.frame), [self = shared_from_this(),
                                           then](error_code ec, std::size_t) {
    auto& d = *self->impl_;
    if (d.life.ended_by_node(ec, d.socket()))
      return;
    self->read_reply(then);
  });
}

void silent_socket::read_reply(std::function<void(const json&)> then) {
  auto& d = *impl_;
  d.ws.async_read(d.buffer, [self = shared_from_this(), then](error_code ec,
                                                              std::size_t) {
    auto& d = *self->impl_;
    if (d.life.ended_by_node(ec, d.socket()))
      return;
    auto msg
      = json::parse(beast::buffers_to_string(d.buffer.data()), nullptr, false);
    d.buffer.consume(d.buffer.size());
    if (!msg.is_object() || msg.value("id", json{}) != set_up_id)
      return self->read_reply(then); // A push.
    then(msg);
  });
}

void silent_socket::write_next() {
  auto& d = *impl_;
  if (d.life.over || d.sent >= d.frames)
    return;
  d.frame = d.make(d.sent);
  d.ws.async_write(asio::buffer(d.frame),
                   [self = shared_from_this()](error_code ec, std::size_t) {
                     auto& d = *self->impl_;
                     if (d.life.ended_by_node(ec, d.socket()))
                       return;
                     ++d.sent;
                     d.life.tally.count("frames_sent");
                     self->write_next();
                   });
}

void silent_socket::poll() {
  auto& d = *impl_;
  if (!d.life.open)
    return;
  pollfd p{d.socket().native_handle(), POLLRDHUP, 0};
  if (::poll(&p, 1, 0) == 1 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)))
    d.life.node_closed(d.socket());
}

void silent_socket::close() {
  impl_->life.close(impl_->socket(), "open_at_stop");
}

// -- held_upload -------------------------------------------------------------

struct held_upload::impl {
  impl(asio::io_context& ioc, attack_route route, attack_answers& tally)
    : socket(ioc), timer(ioc), route(std::move(route)), life(tally) {
    // nop
  }

  tcp::socket socket;
  asio::steady_timer timer;
  attack_route route;
  connection_life life;
  std::string header;
  std::array<char, 4096> in{};
  /// The answer's status line as far as it came.
  std::string status_line;
  bool answered = false;
};

held_upload::held_upload(asio::io_context& ioc, attack_route route,
                         attack_answers& tally)
  : impl_(std::make_unique<impl>(ioc, std::move(route), tally)) {
  // nop
}

held_upload::~held_upload() = default;

void held_upload::start(std::size_t content_length, bool trickle,
                        std::function<void()> ended) {
  auto& d = *impl_;
  d.life.ended = std::move(ended);
  d.header = "POST /api/files HTTP/1.1\r\nHost: " + host_of(d.route)
             + "\r\nAuthorization: Bearer not-a-token"
               "\r\nContent-Type: application/octet-stream"
               "\r\nContent-Length: "
             + std::to_string(content_length) + "\r\n\r\n";
  connect_by(d.socket, d.route,
             [self = shared_from_this(), trickle](error_code ec) {
               auto& d = *self->impl_;
               if (d.life.refused(ec, d.socket))
                 return;
               d.life.opened();
               asio::async_write(d.socket, asio::buffer(d.header),
                                 [self, trickle](error_code ec, std::size_t) {
                                   auto& d = *self->impl_;
                                   if (d.life.ended_by_node(ec, d.socket))
                                     return;
                                   self->read_answer();
                                   if (trickle)
                                     self->trickle_next();
                                 });
             });
}

void held_upload::read_answer() {
  auto& d = *impl_;
  d.socket.async_read_some(asio::buffer(d.in), [self = shared_from_this()](
                                                 error_code ec, std::size_t n) {
    auto& d = *self->impl_;
    if (d.life.ended_by_node(ec, d.socket))
      return;
    if (!d.answered) {
      d.status_line.append(d.in.data(), n);
      auto eol = d.status_line.find("\r\n");
      if (eol != std::string::npos) {
        // "HTTP/1.1 401 Unauthorized": the code is the second word.
        auto space = d.status_line.find(' ');
        d.life.tally.count("http:" + d.status_line.substr(space + 1, 3));
        d.answered = true;
      }
    }
    self->read_answer();
  });
}

void held_upload::trickle_next() {
  auto& d = *impl_;
  d.timer.expires_after(std::chrono::seconds{1});
  d.timer.async_wait([self = shared_from_this()](error_code ec) {
    auto& d = *self->impl_;
    if (ec || d.life.over)
      return;
    asio::async_write(d.socket, asio::buffer("x", 1),
                      [self](error_code ec, std::size_t) {
                        auto& d = *self->impl_;
                        if (d.life.ended_by_node(ec, d.socket))
                          return;
                        self->trickle_next();
                      });
  });
}

void held_upload::close() {
  auto& d = *impl_;
  d.timer.cancel();
  d.life.close(d.socket, d.answered ? "open_at_stop" : "unanswered_at_stop");
}

} // namespace troupe::bench
