#pragma once

#include <chrono>
#include <cstddef>
#include <memory>

#include "net/application.hpp"
#include "net/connection.hpp"
#include "net/settings.hpp"

namespace troupe::net {

/// HTTP and WebSocket on one port, on `settings::io_threads` threads.
class server {
 public:
  /// Prepares a server for `app`, which must outlive it.
  server(settings config, application& app);

  ~server();

  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Binds, listens and starts the network threads. Throws
  /// `std::system_error` when the address cannot be bound.
  void start();

  /// Returns the address and port the server listens on.
  remote_endpoint local_endpoint() const;

  /// Returns how many sockets are open.
  std::size_t open_connections() const;

  /// Stops accepting connections; open ones carry on.
  void stop_accepting();

  /// Waits up to `grace` for the open sockets to close by themselves, then
  /// closes the rest, and stops the network threads.
  void stop(std::chrono::milliseconds grace);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace troupe::net
