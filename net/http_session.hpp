#pragma once

#include <memory>
#include <optional>

#include "net/application.hpp"
#include "net/beast.hpp"
#include "net/connection_limits.hpp"
#include "net/session_registry.hpp"
#include "net/settings.hpp"

namespace troupe::net {

/// One HTTP connection: reads requests one at a time, hands each to the
/// application and writes its response, or hands the socket over to a
/// `ws_session` on a WebSocket upgrade.
class http_session final : public std::enable_shared_from_this<http_session> {
 public:
  http_session(tcp::socket&& socket, const settings& config, application& app,
               session_registry& sessions, connection_limits::slot_ptr slot);

  ~http_session();

  void run();

 private:
  void do_read_header();
  void on_header(error_code ec, std::size_t bytes);
  void on_admission(http_admission decision);
  void on_continue(error_code ec, std::size_t bytes);
  void do_read_body();
  void on_body(error_code ec, std::size_t bytes);
  void dispatch(http_request request);
  void respond(http_response response);
  void on_write(bool keep_alive, error_code ec, std::size_t bytes);
  void reject(unsigned status);
  void refuse(http_response response);
  void do_close();
  void drain();

  beast::tcp_stream stream_;
  const settings& config_;
  application& app_;
  session_registry& sessions_;
  /// This socket's place under the node's connection bounds; handed to the
  /// WebSocket session on an upgrade.
  connection_limits::slot_ptr slot_;
  std::size_t registry_key_ = 0;
  remote_endpoint remote_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> header_parser_;
  std::optional<http::request_parser<http::string_body>> body_parser_;
  /// The request being read, as the application saw its header.
  std::optional<http_request> request_;
  std::optional<http::response<http::empty_body>> continue_;
  std::optional<http::response<http::string_body>> response_;
  unsigned version_ = 11;
  bool keep_alive_ = false;
};

} // namespace troupe::net
