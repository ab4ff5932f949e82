#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "net/ws_client.hpp"

namespace troupe::bench {

using json = nlohmann::json;
namespace asio = net::asio;
using net::error_code;
using net::tcp;

/// A simulated user speaking protocol v1 over one connection: requests
/// with ids and a callback each, pushes to a handler. Like its connection,
/// it lives on one thread.
class session : public std::enable_shared_from_this<session> {
 public:
  using reply_handler = std::function<void(const json& reply)>;
  using push_handler = std::function<void(const json& push)>;

  session(std::shared_ptr<net::ws_client> conn, std::string name);

  const std::string& name() const { return name_; }

  net::ws_client& connection() { return *conn_; }

  /// Opens the connection at `target` and starts reading; `opened(ok)`.
  void open(const std::string& target, std::function<void(bool)> opened);

  /// Sends `req` with a fresh id; `on_reply` gets the node's answer.
  void request(json req, reply_handler on_reply);

  /// Sends `req` with the given id (a repeat keeps its id).
  void request_with_id(const std::string& id, json req, reply_handler on_reply);

  /// Sets what runs for every push (`welcome` included).
  void on_push(push_handler handler) { pushes_ = std::move(handler); }

  /// Acknowledges push `id`.
  void ack(std::int64_t id);

  /// Makes the push handler acknowledge every push that has an id (for
  /// users that only need their backlog out of the way).
  void ack_all_pushes();

  /// Logs in; `done(ok)` after the reply (and `welcome`, which the push
  /// handler sees).
  void login(const std::string& password, std::function<void(bool)> done);

  /// Returns a fresh request id, unique for the user across runs.
  std::string next_id();

 private:
  void on_frame(std::string_view frame);

  std::shared_ptr<net::ws_client> conn_;
  std::string name_;
  std::unordered_map<std::string, reply_handler> waiting_;
  push_handler pushes_;
};

} // namespace troupe::bench
