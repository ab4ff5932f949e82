#pragma once

// troupe-cli's session with a node: a blocking request/reply call for the
// command loop, over a reader thread that keeps taking frames from the
// socket (so pushes show up while the user types) and hands every frame
// that answers no waiting request to a push handler.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace troupe::cli {

using json = nlohmann::json;

/// The node could not be reached, closed the session, or did not answer in
/// time: nothing the command itself did wrong.
class connection_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Where the node listens.
struct server_address {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string path = "/ws";
};

class connection {
 public:
  /// Runs on the reader thread for every frame that is not a reply, with
  /// the connection it came on (to acknowledge it there).
  using push_handler = std::function<void(const json& push, connection& on)>;

  /// Connects and upgrades within `timeout` (which also bounds every later
  /// request); throws connection_error. Sends a WebSocket ping every
  /// `keepalive` (zero: never), so that the node does not close a session
  /// whose user is only reading as idle.
  connection(const server_address& server, std::chrono::milliseconds timeout,
             std::chrono::milliseconds keepalive, push_handler on_push);

  /// Closes the socket (with a close handshake when it is still open) and
  /// stops the reader thread.
  ~connection();

  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  /// Sends `frame` with a fresh `id` and returns the node's answer to it;
  /// throws connection_error when the socket closes or the time is up.
  json request(json frame);

  /// Sends a frame that gets no answer (an `ack`). Any thread.
  void send(const json& frame);

  /// False once the node or the network ended the session, or the node
  /// announced that it will (the push `closing`).
  bool is_open() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace troupe::cli
