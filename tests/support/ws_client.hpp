#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace troupe::test {

using json = nlohmann::json;
using namespace std::chrono_literals;

/// How long a test waits for the node before it fails: a bound against
/// hangs, never a means of synchronisation.
constexpr auto io_deadline = std::chrono::seconds{10};

/// An HTTP response as a test sees it.
struct http_result {
  unsigned status = 0;
  std::string body;
  std::string content_type;
  /// Every header field, names in lowercase.
  std::vector<std::pair<std::string, std::string>> headers;

  json body_json() const { return json::parse(body); }

  /// Returns the value of header `lowercase_name`; empty when absent.
  std::string header(std::string_view lowercase_name) const {
    for (auto& [name, value] : headers)
      if (name == lowercase_name)
        return value;
    return {};
  }
};

/// Sends one HTTP request to 127.0.0.1:`port` and returns the response.
/// `from` chooses the source address (another 127.0.0.x, so that the node
/// sees another client address); empty: the system's choice.
http_result http_call(std::uint16_t port, const std::string& method,
                      const std::string& target, const std::string& body = {},
                      std::vector<std::pair<std::string, std::string>> headers
                      = {},
                      const std::string& from = {});

/// A plain TCP connection to 127.0.0.1:`port`, for the HTTP exchanges no
/// client library makes: a header sent without its body, a wait for
/// `100 Continue`. Every read fails the test with an exception after
/// `io_deadline`.
class raw_connection {
 public:
  explicit raw_connection(std::uint16_t port);

  ~raw_connection();

  void send(std::string_view bytes);

  /// Reads until `delimiter` came; returns what came up to its end, and
  /// keeps what came after it for the next read.
  std::string read_until(std::string_view delimiter);

  /// Reads until the node closes the connection; returns what came.
  std::string read_to_end();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// The outcome of a WebSocket upgrade that the node refused.
struct refused_upgrade {
  unsigned status;
  std::string body;
};

/// A blocking WebSocket client for tests, on a real socket. Every read
/// fails the test with an exception after `io_deadline`.
class ws_client {
 public:
  /// Connects to 127.0.0.1:`port` at `target` and completes the handshake;
  /// throws when the node refuses it. `from` chooses the source address
  /// (another 127.0.0.x, so that the node sees another client address);
  /// empty: the system's choice.
  ws_client(std::uint16_t port, const std::string& target = "/ws",
            const std::string& from = {});

  ~ws_client();

  ws_client(ws_client&&) noexcept;
  ws_client& operator=(ws_client&&) noexcept;

  /// Tries an upgrade the node should refuse; returns its HTTP answer, or
  /// nullopt when it accepted the upgrade after all.
  static std::optional<refused_upgrade> try_refused(std::uint16_t port,
                                                    const std::string& target);

  void send_text(std::string_view text);
  void send_binary(std::string_view bytes);
  void send_json(const json& frame);
  void send_ping();

  /// Reads the next frame from the node (pushes included), in order.
  json read();

  /// Sends `frame` (given an `id`) and returns the node's answer to it;
  /// pushes that arrive first are kept for `next_push`.
  json request(json frame);

  /// Shorthand for `request({"id": ..., "type": type, ...params})`.
  json call(const std::string& type, json params = json::object());

  /// Returns the next push (a frame without an `id` field answering a
  /// request), reading if none is kept.
  json next_push();

  /// Returns the next push of `type`, reading as needed; pushes of other
  /// types stay kept, in order, for later calls.
  json next_push(const std::string& type);

  /// Returns whether a push of `type` is kept already (read, not taken).
  bool has_kept(const std::string& type) const;

  /// Acknowledges `push` (sends `{"type":"ack","id":...}`).
  void ack(const json& push);

  /// Reads until the node closes the socket; returns the close code, with
  /// every frame read on the way appended to `frames`.
  std::uint16_t read_until_closed(std::vector<json>* frames = nullptr);

  /// Logs in with `username`/`password` and consumes the `welcome` push.
  json login(const std::string& username, const std::string& password);

  /// Closes the socket without a close handshake, as a crashed client would.
  void drop();

  /// Waits up to `timeout` for the node to hang up, reading nothing (a
  /// client that does not read); returns whether it did.
  bool hung_up_within(std::chrono::milliseconds timeout);

  /// Returns a fresh request id.
  std::string next_id();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
  std::deque<json> kept_pushes_;
  std::uint64_t next_id_ = 1;
};

} // namespace troupe::test
