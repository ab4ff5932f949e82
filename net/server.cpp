#include "net/server.hpp"

#include <thread>
#include <vector>

#include "net/beast.hpp"
#include "net/http_session.hpp"
#include "net/session_registry.hpp"

namespace troupe::net {

namespace {

/// Accepts connections and starts an `http_session` for each.
class listener : public std::enable_shared_from_this<listener> {
public:
  listener(asio::io_context& ioc, const settings& config, application& app,
           session_registry& sessions)
    : ioc_(ioc),
      acceptor_(asio::make_strand(ioc)),
      config_(config),
      app_(app),
      sessions_(sessions) {
    auto address = asio::ip::make_address(config.host);
    tcp::endpoint endpoint{address, config.port};
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }

  tcp::endpoint local_endpoint() const {
    return acceptor_.local_endpoint();
  }

  void run() {
    do_accept();
  }

  void stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

private:
  void do_accept() {
    // Each connection gets its own strand: its handlers never run at once.
    acceptor_.async_accept(asio::make_strand(ioc_),
                           beast::bind_front_handler(&listener::on_accept,
                                                     shared_from_this()));
  }

  void on_accept(error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open())
      return;
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<http_session>(std::move(socket), config_, app_,
                                     sessions_)
        ->run();
    }
    // Accept errors (e.g. out of file descriptors) are transient: go on.
    do_accept();
  }

  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  const settings& config_;
  application& app_;
  session_registry& sessions_;
};

} // namespace

struct server::impl {
  impl(settings s, application& a)
    : config(std::move(s)), app(a), ioc(static_cast<int>(config.io_threads)) {
    // nop
  }

  settings config;
  application& app;
  asio::io_context ioc;
  session_registry sessions;
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
  d.acceptor = std::make_shared<listener>(d.ioc, d.config, d.app, d.sessions);
  d.acceptor->run();
  auto n = std::max(1u, d.config.io_threads);
  for (unsigned i = 0; i < n; ++i)
    d.threads.emplace_back([&d] { d.ioc.run(); });
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
