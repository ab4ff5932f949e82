#pragma once

// The connections of the `hostile` attackers that no client library makes:
// a WebSocket that writes and never reads, and an HTTP upload whose body
// never comes. Each lives on one thread, like the bench's sessions, and
// counts what the node did to it in an `attack_answers`.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <nlohmann/json.hpp>

#include "apps/bench/attack_answers.hpp"

namespace troupe::bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

/// Where an attacker's connection goes and comes from.
struct attack_route {
  tcp::endpoint server;
  std::optional<asio::ip::address> source;
};

/// A user's name and password.
struct credentials {
  std::string username;
  std::string password;
};

/// A WebSocket that, once open (and logged in, if asked), writes frames as
/// fast as TCP takes them and never reads: the node's answers pile up in
/// its buffers. Only the node can end it (a reset, or a close it sends
/// after its data); `poll()` notices that without reading.
class silent_socket : public std::enable_shared_from_this<silent_socket> {
 public:
  /// Makes frame `n` of the connection.
  using frame_maker = std::function<std::string(std::size_t n)>;

  silent_socket(asio::io_context& ioc, attack_route route,
                attack_answers& tally);

  ~silent_socket();

  /// Connects and upgrades at /ws; registers (a taken name is fine) and
  /// logs in with `account` if given, reading only until the login's
  /// reply; then writes `frames` frames made by `make`. `ended` runs once,
  /// when the node refused or closed the connection, or it was closed by
  /// `close()`.
  void start(std::optional<credentials> account, std::size_t frames,
             frame_maker make, std::function<void()> ended);

  /// Checks, without reading, whether the node has closed the connection
  /// (a reset, or its FIN after everything it sent).
  void poll();

  /// Closes the connection from this side (not counted as the node's).
  void close();

 private:
  struct impl;
  void log_in(credentials account);
  /// Sends `req` and reads until its reply, for `then`.
  void request(nlohmann::json req,
               std::function<void(const nlohmann::json&)> then);
  void read_reply(std::function<void(const nlohmann::json&)> then);
  void write_next();

  std::unique_ptr<impl> impl_;
};

/// `POST /api/files` with a bogus token and a large Content-Length whose
/// body never comes (or trickles, a byte a second): it reads the node's
/// answer and waits for the node to close.
class held_upload : public std::enable_shared_from_this<held_upload> {
 public:
  held_upload(asio::io_context& ioc, attack_route route, attack_answers& tally);

  ~held_upload();

  /// Sends the header announcing `content_length` bytes; then a byte a
  /// second if `trickle`. `ended` runs once, when the node refused or
  /// closed the connection, or it was closed by `close()`.
  void start(std::size_t content_length, bool trickle,
             std::function<void()> ended);

  void close();

 private:
  struct impl;
  void read_answer();
  void trickle_next();

  std::unique_ptr<impl> impl_;
};

} // namespace troupe::bench
