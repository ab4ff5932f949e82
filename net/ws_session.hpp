#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>

#include "net/application.hpp"
#include "net/beast.hpp"
#include "net/connection.hpp"
#include "net/connection_limits.hpp"
#include "net/session_registry.hpp"
#include "net/settings.hpp"

namespace troupe::net {

/// One WebSocket connection: reads frames and hands them to the
/// application's handler, writes what the application sends. Everything
/// runs on the socket's strand; `send` and `close` hop onto it.
class ws_session final : public connection,
                         public std::enable_shared_from_this<ws_session> {
 public:
  ws_session(beast::tcp_stream&& stream, const settings& config,
             application& app, session_registry& sessions,
             connection_limits::slot_ptr slot);

  ~ws_session() override;

  /// Asks the application about the upgrade, then accepts or refuses it.
  void run(http::request<http::empty_body> upgrade, http_request request);

  // -- connection -------------------------------------------------------------

  void send(std::shared_ptr<const std::string> frame) override;
  void close(close_code code) override;
  const remote_endpoint& remote() const override;
  void frame_done() override;
  void set_read_window(std::size_t frames) override;

 private:
  void on_refusal_written(error_code ec, std::size_t bytes);
  void on_accept(error_code ec);
  void do_read();
  void on_read(error_code ec, std::size_t bytes);
  /// Reads the next frame if the window allows and no read is pending.
  void read_if_room();
  /// Closes the socket unless the write (or close) `attempt` finished in
  /// time.
  void arm_write_timer();
  void on_write_timer(std::uint64_t attempt, error_code ec);
  void enqueue(std::shared_ptr<const std::string> frame);
  void do_write();
  void on_write(error_code ec, std::size_t bytes);
  void request_close(close_code code);
  void do_close();
  void on_close(error_code ec);

  /// Ends the session for the application: the handler hears `on_closed`
  /// once, and the socket leaves the registry.
  void finish();

  websocket::stream<beast::tcp_stream> ws_;
  const settings& config_;
  application& app_;
  session_registry& sessions_;
  /// This socket's place under the node's connection bounds.
  connection_limits::slot_ptr slot_;
  std::size_t registry_key_ = 0;
  remote_endpoint remote_;
  /// The application's side of this connection; reset by `finish`.
  std::unique_ptr<connection_handler> handler_;
  beast::flat_buffer read_buffer_;
  /// Frames waiting to be written; the front one is being written. A list,
  /// not a deque: an empty deque still holds ~600 bytes, and most
  /// connections have nothing queued most of the time.
  std::list<std::shared_ptr<const std::string>> queue_;
  std::size_t queued_bytes_ = 0;
  /// Frames handed to the handler and not yet done with, and how many may
  /// be; the socket is read only below the window.
  std::size_t frames_in_hand_ = 0;
  std::size_t read_window_ = 1;
  bool reading_ = false;
  /// Bounds each write and the close handshake; `write_attempt_` tells a
  /// timer that fires late from one that caught a stalled write.
  asio::steady_timer write_timer_;
  std::uint64_t write_attempt_ = 0;
  /// Set while a refusal or the upgrade is being answered.
  std::optional<http::response<http::string_body>> refusal_;
  bool accepted_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool finished_ = false;
  /// Set once the application or a protocol fault asked for a close; the
  /// close frame goes out after the queued frames.
  std::optional<close_code> close_after_writes_;
};

} // namespace troupe::net
