#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace troupe::net {

/// The listener's settings, from `[net]` and `[limits]`.
struct settings {
  std::string host = "0.0.0.0";
  /// 0 picks a free port; the server reports the one it got.
  std::uint16_t port = 8080;
  /// Threads running the network event loop.
  unsigned io_threads = 1;
  /// Largest WebSocket message; larger ones close the socket with 1009.
  std::size_t max_frame_bytes = 65536;
  /// Outbound bytes a connection may have queued before it is closed as too
  /// slow.
  std::size_t max_write_queue_bytes = 16 * 1024 * 1024;
  /// Largest HTTP request header block.
  std::size_t max_header_bytes = 8192;
  /// How long a client may take to send an HTTP request's header, and then
  /// its body, or finish the WebSocket handshake; how long an idle
  /// keep-alive HTTP connection stays open; how long the rest of a refused
  /// request is read and dropped after the answer.
  std::chrono::seconds http_timeout{30};
  /// How long one outbound WebSocket frame, or the close handshake, may take
  /// to be written before the socket is closed: a client that does not read
  /// is let go, not buffered for.
  std::chrono::seconds write_timeout{30};
  /// Frames a new WebSocket connection may have in hand (handed to the
  /// application, not yet done with) before its socket is no longer read;
  /// the application widens it once the client has logged in.
  std::size_t initial_read_window = 4;
  /// Most sockets open at once, and from one client address; 0 = no bound.
  std::size_t max_connections = 16384;
  std::size_t max_connections_per_address = 256;
  /// Addresses of the reverse proxies in front of the node, whose
  /// `X-Forwarded-For` names the client (`net/forwarded`): the address the
  /// per-address limits and the session see.
  std::vector<std::string> trusted_proxies;
  /// How long the accept loop waits after running out of file descriptors
  /// (or memory) before it tries again.
  std::chrono::milliseconds accept_backoff{100};
};

} // namespace troupe::net
