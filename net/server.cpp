#include "net/server.hpp"

#include <cerrno>
#include <string>
#include <thread>
#include <vector>

#include "net/beast.hpp"
#include "net/connection_limits.hpp"
#include "net/http_session.hpp"
#include "net/session_registry.hpp"

namespace troupe::net {

namespace {

/// Accepts connections and starts an `http_session` for each.
class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(asio::io_context& ioc, const settings& config, application& app,
           session_registry& sessions, connection_limits& limits)
    : ioc_(ioc), acceptor_(asio::make_strand(ioc)),
      backoff_(acceptor_.get_executor()), config_(config), app_(app),
      sessions_(sessions), limits_(limits) {
    auto address = asio::ip::make_address(config.host);
    tcp::endpoint endpoint{address, config.port};
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }

  tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

  void run() { do_accept(); }

  void stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      error_code ignored;
      self->acceptor_.close(ignored);
      self->backoff_.cancel();
    });
  }

 private:
  void do_accept() {
    // Each connection gets its own strand: its handlers never run at once.
    acceptor_.async_accept(
      asio::make_strand(ioc_),
      beast::bind_front_handler(&listener::on_accept, shared_from_this()));
  }

  void on_accept(error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open())
      return;
    if (out_of_resources(ec)) {
      // Accepting again at once would fail again at once and spin a core:
      // wait for sockets to close. Said once per shortage, not per try.
      if (!short_of_resources_)
        app_.on_network_fault(
          "cannot accept connections: " + ec.message() + "; trying again every "
          + std::to_string(config_.accept_backoff.count()) + " ms");
      short_of_resources_ = true;
      backoff_.expires_after(config_.accept_backoff);
      backoff_.async_wait([self = shared_from_this()](error_code waited) {
        if (!waited)
          self->do_accept();
      });
      return;
    }
    if (!ec) {
      short_of_resources_ = false;
      admit(std::move(socket));
    }
    // Other accept errors (a client gone before it was accepted) concern
    // that client alone: go on.
    do_accept();
  }

  static bool out_of_resources(const error_code& ec) {
    return ec == asio::error::no_descriptors
           || ec == asio::error::no_buffer_space || ec == asio::error::no_memory
           || ec == error_code{ENFILE, asio::error::get_system_category()};
  }

  /// Starts a session for `socket`, or closes it at once when the node or
  /// its address holds as many sockets as it may.
  void admit(tcp::socket socket) {
    error_code ec;
    auto peer = socket.remote_endpoint(ec);
    if (ec)
      return;
    auto slot = limits_.admit(peer.address().to_string());
    if (!slot) {
      app_.on_connection_refused();
      return; // the socket closes as it goes out of scope
    }
    socket.set_option(tcp::no_delay(true), ec);
    std::make_shared<http_session>(std::move(socket), config_, app_, sessions_,
                                   std::move(slot))
      ->run();
  }

  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  asio::steady_timer backoff_;
  bool short_of_resources_ = false;
  const settings& config_;
  application& app_;
  session_registry& sessions_;
  connection_limits& limits_;
};

} // namespace

struct server::impl {
  impl(settings s, application& a)
    : config(std::move(s)), app(a),
      limits(config.max_connections, config.max_connections_per_address),
      ioc(static_cast<int>(config.io_threads)) {
    // nop
  }

  /// Runs the event loop on this thread until it is stopped. A handler
  /// that throws must not end the thread, and with it the node, silently:
  /// the fault is reported and the loop goes on (Asio's advice).
  void run_network_thread() {
    for (;;) {
      try {
        ioc.run();
        return;
      } catch (const std::exception& e) {
        app.on_network_fault(std::string{"a network handler failed: "}
                             + e.what());
      } catch (...) {
        app.on_network_fault("a network handler failed");
      }
    }
  }

  settings config;
  application& app;
  // Declared before the event loop: sessions that its destruction frees
  // still give back their slots and leave the registry.
  connection_limits limits;
  session_registry sessions;
  asio::io_context ioc;
  std::shared_ptr<listener> acceptor;
  std::vector<std::thread> threads;
};

server::server(settings config, application& app)
  : impl_(std::make_unique<impl>(std::move(config), app)) {
  // nop
}

server::~server() {
  stop(std::chrono::milliseconds{0});
}

void server::start() {
  auto& d = *impl_;
  d.acceptor
    = std::make_shared<listener>(d.ioc, d.config, d.app, d.sessions, d.limits);
  d.acceptor->run();
  auto n = std::max(1u, d.config.io_threads);
  for (unsigned i = 0; i < n; ++i)
    d.threads.emplace_back([&d] { d.run_network_thread(); });
}

remote_endpoint server::local_endpoint() const {
  auto ep = impl_->acceptor->local_endpoint();
  return remote_endpoint{ep.address().to_string(), ep.port()};
}

std::size_t server::open_connections() const {
  return impl_->sessions.size();
}

void server::stop_accepting() {
  if (impl_->acceptor)
    impl_->acceptor->stop();
}

void server::stop(std::chrono::milliseconds grace) {
  auto& d = *impl_;
  if (d.threads.empty())
    return;
  stop_accepting();
  if (!d.sessions.wait_until_empty(grace)) {
    d.sessions.close_all();
    d.sessions.wait_until_empty(std::chrono::seconds{2});
  }
  d.ioc.stop();
  for (auto& t : d.threads)
    t.join();
  d.threads.clear();
}

} // namespace troupe::net
