#include "net/http_session.hpp"

#include <limits>

#include "net/forwarded.hpp"
#include "net/http_response.hpp"
#include "net/ws_session.hpp"

namespace troupe::net {

namespace {

// What a lingering close reads at a time, and all the memory it needs.
constexpr std::size_t drain_chunk_bytes = 4096;

} // namespace

http_session::http_session(tcp::socket&& socket, const settings& config,
                           application& app, session_registry& sessions,
                           connection_limits::slot_ptr slot)
  : stream_(std::move(socket)), config_(config), app_(app), sessions_(sessions),
    slot_(std::move(slot)) {
  error_code ec;
  auto ep = stream_.socket().remote_endpoint(ec);
  if (!ec)
    remote_ = remote_endpoint{ep.address().to_string(), ep.port()};
}

http_session::~http_session() {
  sessions_.remove(registry_key_);
}

void http_session::run() {
  registry_key_ = sessions_.add([weak = weak_from_this()] {
    if (auto self = weak.lock())
      asio::post(self->stream_.get_executor(), [self] {
        error_code ignored;
        self->stream_.socket().close(ignored);
      });
  });
  // The socket's executor is its strand: start there.
  asio::dispatch(stream_.get_executor(),
                 beast::bind_front_handler(&http_session::do_read_header,
                                           shared_from_this()));
}

void http_session::do_read_header() {
  header_parser_.emplace();
  header_parser_->header_limit(
    static_cast<std::uint32_t>(config_.max_header_bytes));
  // The body's limit depends on the path; it is set once the header is in.
  header_parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  body_parser_.reset();
  stream_.expires_after(config_.http_timeout);
  http::async_read_header(
    stream_, buffer_, *header_parser_,
    beast::bind_front_handler(&http_session::on_header, shared_from_this()));
}

void http_session::on_header(error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream)
    return do_close();
  if (ec == http::error::header_limit)
    return reject(431);
  if (ec == http::error::body_limit)
    return reject(413);
  if (ec == beast::error::timeout || ec == asio::error::operation_aborted
      || ec == asio::error::connection_reset || ec == asio::error::eof)
    return;
  if (ec)
    return reject(400);
  auto& head = header_parser_->get();
  version_ = head.version();
  keep_alive_ = head.keep_alive();
  auto client = client_of(remote_, to_std(head["X-Forwarded-For"]),
                          config_.trusted_proxies);
  if (websocket::is_upgrade(head)) {
    auto request = to_http_request(head);
    request.remote = std::move(client);
    auto ws = std::make_shared<ws_session>(std::move(stream_), config_, app_,
                                           sessions_, std::move(slot_));
    ws->run(header_parser_->release(), std::move(request));
    return;
  }
  request_ = to_http_request(head);
  request_->remote = std::move(client);
  // The application decides from the header alone, so that a refused
  // request costs no more than its header. It may take its time (e.g. ask
  // storage): its own timeouts bound the wait.
  stream_.expires_never();
  std::optional<std::uint64_t> content_length;
  if (auto declared = header_parser_->content_length())
    content_length = *declared;
  app_.admit_http(*request_, content_length,
                  [self = shared_from_this()](http_admission decision) {
                    auto executor = self->stream_.get_executor();
                    asio::post(executor,
                               [self = std::move(self),
                                decision = std::move(decision)]() mutable {
                                 self->on_admission(std::move(decision));
                               });
                  });
}

void http_session::on_admission(http_admission decision) {
  if (decision.refusal)
    return refuse(std::move(*decision.refusal));
  auto limit = decision.max_body_bytes;
  if (header_parser_->content_length().value_or(0) > limit)
    return reject(413);
  // Read before the parser is moved from: the moved-to parser has the
  // fields, the header parser none.
  auto expects_continue = beast::iequals(
    header_parser_->get()[http::field::expect], "100-continue");
  body_parser_.emplace(std::move(*header_parser_));
  body_parser_->body_limit(limit);
  stream_.expires_after(config_.http_timeout);
  if (expects_continue) {
    // The client waits for this before it sends the body (RFC 7231 5.1.1).
    continue_.emplace(http::status::continue_, version_);
    http::async_write(stream_, *continue_,
                      beast::bind_front_handler(&http_session::on_continue,
                                                shared_from_this()));
    return;
  }
  do_read_body();
}

void http_session::on_continue(error_code ec, std::size_t) {
  continue_.reset();
  if (!ec)
    do_read_body();
}

void http_session::do_read_body() {
  http::async_read(
    stream_, buffer_, *body_parser_,
    beast::bind_front_handler(&http_session::on_body, shared_from_this()));
}

void http_session::on_body(error_code ec, std::size_t) {
  if (ec == http::error::body_limit)
    return reject(413);
  if (ec == beast::error::timeout || ec == asio::error::operation_aborted
      || ec == asio::error::connection_reset || ec == http::error::end_of_stream
      || ec == asio::error::eof)
    return;
  if (ec)
    return reject(400);
  auto request = std::move(*request_);
  request_.reset();
  request.body = std::move(body_parser_->get().body());
  dispatch(std::move(request));
}

void http_session::dispatch(http_request request) {
  // The application may answer from any thread: hop back onto the strand.
  stream_.expires_never();
  app_.handle_http(std::move(request), [self = shared_from_this()](
                                         http_response response) mutable {
    auto executor = self->stream_.get_executor();
    asio::post(executor, [self = std::move(self),
                          response = std::move(response)]() mutable {
      self->respond(std::move(response));
    });
  });
}

void http_session::respond(http_response response) {
  response_ = to_beast_response(std::move(response), version_, keep_alive_);
  stream_.expires_after(config_.http_timeout);
  http::async_write(stream_, *response_,
                    beast::bind_front_handler(&http_session::on_write,
                                              shared_from_this(), keep_alive_));
}

void http_session::on_write(bool keep_alive, error_code ec, std::size_t) {
  response_.reset();
  if (ec)
    return;
  if (!keep_alive)
    return do_close();
  do_read_header();
}

void http_session::reject(unsigned status) {
  refuse(app_.http_error(status));
}

void http_session::refuse(http_response response) {
  // The request was not read to its end: the connection cannot be reused.
  keep_alive_ = false;
  request_.reset();
  respond(std::move(response));
}

void http_session::do_close() {
  error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  drain();
}

void http_session::drain() {
  // A lingering close: closing a socket with unread bytes resets the
  // connection, and a reset can destroy the response on its way and stop a
  // client that is still sending its body from ever reading it. So what
  // the client still sends is read and dropped, a small buffer at a time,
  // until it closes or the deadline of the response's write passes.
  buffer_.clear();
  stream_.async_read_some(
    buffer_.prepare(drain_chunk_bytes),
    [self = shared_from_this()](error_code ec, std::size_t) {
      if (!ec)
        self->drain();
    });
}

} // namespace troupe::net
