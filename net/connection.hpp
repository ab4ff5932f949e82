#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace troupe::net {

/// WebSocket close codes the node sends (RFC 6455 section 7.4.1).
enum class close_code : std::uint16_t {
  /// Logout, replaced session, idle timeout.
  normal = 1000,
  /// The node shuts down.
  going_away = 1001,
  /// A binary frame: the protocol speaks text only.
  unsupported_data = 1003,
  /// Too many bad frames, or a client too slow to read what it is sent.
  policy_violation = 1008,
  /// A fault inside the node.
  internal_error = 1011,
};

/// Where a connection comes from.
struct remote_endpoint {
  std::string address;
  std::uint16_t port = 0;
};

/// The outbound half of one WebSocket connection. Every member is safe to
/// call from any thread; calls after the connection closed are no-ops.
class connection {
 public:
  virtual ~connection() = default;

  /// Queues a text frame. Frames go out in the order queued; a client that
  /// lets `net.max_write_queue_bytes` pile up is closed as too slow.
  virtual void send(std::shared_ptr<const std::string> frame) = 0;

  /// Writes every frame queued so far, then closes with `code`.
  virtual void close(close_code code) = 0;

  /// Returns the peer's address, fixed for the connection's life.
  virtual const remote_endpoint& remote() const = 0;

  /// Says that one frame handed to `connection_handler::on_frame` is dealt
  /// with (answered, or needing no answer). Call it once per frame.
  virtual void frame_done() = 0;

  /// Sets how many frames may be in hand (handed to `on_frame`, not yet
  /// `frame_done`) before the socket is no longer read: past it, TCP makes
  /// the client wait, and nothing piles up in the node.
  virtual void set_read_window(std::size_t frames) = 0;
};

/// What the net layer reports about one connection, in order, one call at a
/// time, from the connection's strand (never concurrently).
class connection_handler {
 public:
  virtual ~connection_handler() = default;

  /// A complete text frame arrived (valid UTF-8, within the size limit).
  virtual void on_frame(std::string text) = 0;

  /// A WebSocket ping or pong arrived: the client is alive.
  virtual void on_activity() = 0;

  /// The connection is gone; the last call this handler receives.
  virtual void on_closed() = 0;
};

} // namespace troupe::net
