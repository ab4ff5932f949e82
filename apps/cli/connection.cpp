#include "apps/cli/connection.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "net/ws_client.hpp"

namespace troupe::cli {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

/// Request ids must not repeat for a user, not even across runs: the node
/// answers a repeated `send` id with the first answer and stores nothing.
std::string fresh_id() {
  static const std::string run_tag = [] {
    std::random_device rd;
    return "cli-" + std::to_string(rd()) + std::to_string(rd()) + "-";
  }();
  static std::uint64_t counter = 0;
  return run_tag + std::to_string(++counter);
}

} // namespace

struct connection::impl {
  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> work{
    ioc.get_executor()};
  std::shared_ptr<net::ws_client> client;
  std::thread reader;
  std::chrono::milliseconds timeout;
  std::chrono::milliseconds keepalive;
  asio::steady_timer keepalive_timer{ioc};
  push_handler on_push;
  connection* owner = nullptr;

  // Shared by the caller's thread and the reader thread.
  mutable std::mutex mutex;
  std::condition_variable changed;
  bool opened = false;
  bool closed = false;
  // The node said `closing`: the socket is about to go, and nothing sent
  // on it now would be answered.
  bool closing = false;
  std::string close_reason;
  std::map<std::string, std::optional<json>> waiting;

  void on_frame(std::string_view text) {
    auto frame = json::parse(text, nullptr, false);
    if (!frame.is_object())
      return;
    auto id = frame.find("id");
    if (id != frame.end() && id->is_string()) {
      std::lock_guard lock{mutex};
      auto i = waiting.find(id->get<std::string>());
      if (i != waiting.end()) {
        i->second = std::move(frame);
        changed.notify_all();
        return;
      }
    }
    if (frame.value("type", "") == "closing") {
      std::lock_guard lock{mutex};
      closing = true;
    }
    if (on_push)
      on_push(frame, *owner);
  }

  /// On the reader thread: pings every `keepalive` while the socket lives.
  void keep_alive() {
    keepalive_timer.expires_after(keepalive);
    keepalive_timer.async_wait([this](boost::system::error_code ec) {
      if (ec || !client->is_open())
        return;
      client->ping();
      keep_alive();
    });
  }

  /// Closes the socket (a close handshake when open) and ends the reader.
  void shut_down() {
    asio::post(ioc, [this] {
      keepalive_timer.cancel();
      client->close();
    });
    work.reset();
    {
      // The close handshake ends the reader's work; a node that does not
      // answer it must not keep the program from ending.
      std::unique_lock lock{mutex};
      changed.wait_for(lock, std::chrono::seconds{2},
                       [this] { return closed; });
    }
    ioc.stop();
    reader.join();
  }

  void on_closed(boost::system::error_code ec) {
    std::lock_guard lock{mutex};
    closed = true;
    close_reason = ec ? ec.message() : "closed";
    changed.notify_all();
  }
};

connection::connection(const server_address& server,
                       std::chrono::milliseconds timeout,
                       std::chrono::milliseconds keepalive,
                       push_handler on_push)
  : impl_(std::make_unique<impl>()) {
  auto& d = *impl_;
  d.timeout = timeout;
  d.keepalive = keepalive;
  d.on_push = std::move(on_push);
  d.owner = this;
  tcp::endpoint endpoint;
  try {
    tcp::resolver resolver{d.ioc};
    endpoint
      = *resolver.resolve(server.host, std::to_string(server.port)).begin();
  } catch (const std::exception& e) {
    throw connection_error("cannot resolve " + server.host + ": " + e.what());
  }
  d.client = std::make_shared<net::ws_client>(d.ioc, endpoint, std::nullopt);
  d.client->on_frame([&d](std::string_view text) { d.on_frame(text); });
  d.client->on_closed([&d](net::error_code ec) { d.on_closed(ec); });
  d.client->open(server.path, [&d](net::error_code ec) {
    std::lock_guard lock{d.mutex};
    d.opened = !ec;
    if (!ec && d.keepalive.count() > 0)
      d.keep_alive();
    if (ec) {
      d.closed = true;
      d.close_reason = ec.message();
    }
    d.changed.notify_all();
  });
  d.reader = std::thread{[&d] { d.ioc.run(); }};
  std::unique_lock lock{d.mutex};
  auto settled
    = d.changed.wait_for(lock, timeout, [&d] { return d.opened || d.closed; });
  if (!settled || !d.opened) {
    auto why = settled ? d.close_reason : std::string{"timed out"};
    lock.unlock();
    d.shut_down();
    throw connection_error("cannot connect to " + server.host + ":"
                           + std::to_string(server.port) + server.path + ": "
                           + why);
  }
}

connection::~connection() {
  if (impl_)
    impl_->shut_down();
}

json connection::request(json frame) {
  auto& d = *impl_;
  auto id = fresh_id();
  frame["id"] = id;
  std::unique_lock lock{d.mutex};
  if (d.closed)
    throw connection_error("not connected: " + d.close_reason);
  d.waiting.emplace(id, std::nullopt);
  lock.unlock();
  send(frame);
  lock.lock();
  auto& slot = d.waiting[id];
  d.changed.wait_for(lock, d.timeout,
                     [&] { return slot.has_value() || d.closed; });
  auto reply = std::move(slot);
  d.waiting.erase(id);
  if (reply)
    return std::move(*reply);
  if (d.closed)
    throw connection_error("the connection closed: " + d.close_reason);
  throw connection_error("no answer from the node within "
                         + std::to_string(d.timeout.count()) + " ms");
}

void connection::send(const json& frame) {
  asio::post(impl_->ioc, [client = impl_->client, text = frame.dump()] {
    client->send(text);
  });
}

bool connection::is_open() const {
  std::lock_guard lock{impl_->mutex};
  return impl_->opened && !impl_->closed && !impl_->closing;
}

} // namespace troupe::cli
