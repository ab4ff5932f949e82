#include "net/ws_session.hpp"

#include <algorithm>

#include "net/http_response.hpp"

namespace troupe::net {

ws_session::ws_session(beast::tcp_stream&& stream, const settings& config,
                       application& app, session_registry& sessions,
                       connection_limits::slot_ptr slot)
  : ws_(std::move(stream)), config_(config), app_(app), sessions_(sessions),
    slot_(std::move(slot)),
    read_window_(std::max<std::size_t>(1, config.initial_read_window)),
    write_timer_(ws_.get_executor()) {
  // nop
}

ws_session::~ws_session() {
  // Only reached without `finish` when the event loop is torn down.
  if (registry_key_ != 0)
    sessions_.remove(registry_key_);
  if (handler_)
    handler_->on_closed();
}

void ws_session::run(http::request<http::empty_body> upgrade,
                     http_request request) {
  registry_key_ = sessions_.add([weak = weak_from_this()] {
    if (auto self = weak.lock())
      asio::post(self->ws_.get_executor(), [self] {
        error_code ignored;
        beast::get_lowest_layer(self->ws_).socket().close(ignored);
      });
  });
  // The client as the HTTP session saw it (through a trusted proxy, the
  // one the proxy names): what the application and the session see.
  remote_ = request.remote;
  http_response refusal;
  handler_ = app_.open_websocket(request, shared_from_this(), refusal);
  if (!handler_) {
    refusal_ = to_beast_response(std::move(refusal), upgrade.version(), false);
    http::async_write(beast::get_lowest_layer(ws_), *refusal_,
                      beast::bind_front_handler(&ws_session::on_refusal_written,
                                                shared_from_this()));
    return;
  }
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = config_.http_timeout;
  timeouts.idle_timeout = websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  ws_.set_option(timeouts);
  ws_.set_option(
    websocket::stream_base::decorator([](websocket::response_type& res) {
      res.set(http::field::server, "troupe");
    }));
  ws_.read_message_max(config_.max_frame_bytes);
  ws_.auto_fragment(false);
  // Runs inside a read, which holds a reference to this session.
  ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
    if (kind != websocket::frame_type::close && handler_)
      handler_->on_activity();
  });
  // The WebSocket timeouts above take over from the HTTP ones.
  beast::get_lowest_layer(ws_).expires_never();
  ws_.async_accept(upgrade, beast::bind_front_handler(&ws_session::on_accept,
                                                      shared_from_this()));
}

void ws_session::on_refusal_written(error_code, std::size_t) {
  error_code ignored;
  beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_send,
                                                 ignored);
  finish();
}

void ws_session::on_accept(error_code ec) {
  if (ec)
    return finish();
  accepted_ = true;
  read_if_room();
  if (!queue_.empty())
    do_write();
  else if (close_after_writes_)
    do_close();
}

void ws_session::read_if_room() {
  if (accepted_ && !reading_ && !closing_ && !finished_
      && frames_in_hand_ < read_window_)
    do_read();
}

void ws_session::do_read() {
  reading_ = true;
  ws_.async_read(read_buffer_, beast::bind_front_handler(&ws_session::on_read,
                                                         shared_from_this()));
}

void ws_session::on_read(error_code ec, std::size_t) {
  reading_ = false;
  // Beast itself closes with 1009 (too big) and 1007 (invalid UTF-8).
  if (ec)
    return finish();
  if (ws_.got_binary()) {
    read_buffer_.clear();
    request_close(close_code::unsupported_data);
    return;
  }
  auto text = beast::buffers_to_string(read_buffer_.data());
  // Given back after every frame: an idle connection holds no read buffer
  // (most connections are idle most of the time), and one allocation a
  // frame costs far less than decoding it.
  read_buffer_.clear();
  read_buffer_.shrink_to_fit();
  if (handler_) {
    ++frames_in_hand_;
    handler_->on_frame(std::move(text));
  }
  read_if_room();
}

void ws_session::frame_done() {
  asio::post(ws_.get_executor(), [self = shared_from_this()] {
    if (self->frames_in_hand_ > 0)
      --self->frames_in_hand_;
    self->read_if_room();
  });
}

void ws_session::set_read_window(std::size_t frames) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), frames] {
    self->read_window_ = std::max<std::size_t>(1, frames);
    self->read_if_room();
  });
}

// -- writing ------------------------------------------------------------------

void ws_session::send(std::shared_ptr<const std::string> frame) {
  asio::post(ws_.get_executor(),
             [self = shared_from_this(), frame = std::move(frame)]() mutable {
               self->enqueue(std::move(frame));
             });
}

void ws_session::enqueue(std::shared_ptr<const std::string> frame) {
  if (finished_ || closing_ || close_after_writes_)
    return;
  queued_bytes_ += frame->size();
  if (queued_bytes_ > config_.max_write_queue_bytes) {
    // The client does not read: stop queueing for it rather than grow.
    request_close(close_code::policy_violation);
    return;
  }
  queue_.push_back(std::move(frame));
  if (accepted_ && !writing_)
    do_write();
}

void ws_session::arm_write_timer() {
  auto attempt = ++write_attempt_;
  write_timer_.expires_after(config_.write_timeout);
  write_timer_.async_wait([self = shared_from_this(), attempt](error_code ec) {
    self->on_write_timer(attempt, ec);
  });
}

void ws_session::on_write_timer(std::uint64_t attempt, error_code ec) {
  if (ec || attempt != write_attempt_ || finished_ || !(writing_ || closing_))
    return;
  // The client has not taken a frame (or the close) in all that time: it
  // does not read. Reset the connection rather than close it: a close
  // would leave what the kernel holds for it queued (megabytes) until the
  // kernel gives up on the client. Closing ends the pending operations.
  auto& socket = beast::get_lowest_layer(ws_).socket();
  error_code ignored;
  socket.set_option(asio::socket_base::linger(true, 0), ignored);
  socket.close(ignored);
}

void ws_session::do_write() {
  writing_ = true;
  arm_write_timer();
  ws_.text(true);
  ws_.async_write(
    asio::buffer(*queue_.front()),
    beast::bind_front_handler(&ws_session::on_write, shared_from_this()));
}

void ws_session::on_write(error_code ec, std::size_t) {
  writing_ = false;
  ++write_attempt_;
  if (ec)
    return finish();
  queued_bytes_ -= queue_.front()->size();
  queue_.pop_front();
  if (!queue_.empty())
    do_write();
  else if (close_after_writes_)
    do_close();
}

// -- closing ------------------------------------------------------------------

void ws_session::close(close_code code) {
  asio::post(ws_.get_executor(),
             [self = shared_from_this(), code] { self->request_close(code); });
}

void ws_session::request_close(close_code code) {
  if (finished_ || closing_ || close_after_writes_)
    return;
  close_after_writes_ = code;
  if (accepted_ && !writing_)
    do_close();
}

void ws_session::do_close() {
  closing_ = true;
  arm_write_timer();
  auto code = static_cast<std::uint16_t>(*close_after_writes_);
  ws_.async_close(
    websocket::close_reason{code},
    beast::bind_front_handler(&ws_session::on_close, shared_from_this()));
}

void ws_session::on_close(error_code) {
  finish();
}

void ws_session::finish() {
  if (finished_)
    return;
  finished_ = true;
  queue_.clear();
  queued_bytes_ = 0;
  write_timer_.cancel();
  error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
  sessions_.remove(registry_key_);
  registry_key_ = 0;
  if (handler_) {
    handler_->on_closed();
    handler_.reset();
  }
}

const remote_endpoint& ws_session::remote() const {
  return remote_;
}

} // namespace troupe::net
