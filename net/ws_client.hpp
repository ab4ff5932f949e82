#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>

namespace troupe::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::beast::error_code;

/// A client's WebSocket connection, event-driven: frames from the node go to
/// a handler, frames to it are queued. It lives on one io_context run by one
/// thread, so its callbacks never run at once and need no locks of their
/// own (troupe-bench runs thousands on a few threads; troupe-cli one on a
/// reader thread). Every call must be made on that io_context's thread.
class ws_client : public std::enable_shared_from_this<ws_client> {
 public:
  using frame_handler = std::function<void(std::string_view frame)>;
  using done_handler = std::function<void(error_code)>;

  ws_client(asio::io_context& ioc, tcp::endpoint server,
            std::optional<asio::ip::address> source);

  ~ws_client();

  /// Connects from the source address (if any) and upgrades at `target`
  /// ("/ws" or "/ws?token=..."); then `opened(ec)`.
  void open(std::string target, done_handler opened);

  /// Sets what runs for every text frame from the node.
  void on_frame(frame_handler handler);

  /// Sets what runs once when the connection ends, for whatever reason.
  void on_closed(done_handler handler);

  /// Queues a text frame; frames go out in order.
  void send(std::string frame);

  /// Sends a WebSocket ping.
  void ping();

  /// Closes the connection with a close handshake.
  void close();

  bool is_open() const { return open_; }

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
  bool open_ = false;

  void do_read();
  void do_write();
  void finish(error_code ec);
};

} // namespace troupe::net
