#pragma once

// How a `hostile` attacker runs: it keeps a few connections of one style
// going from its own source address, opening the next when the node ends
// one, bounded in connections and in requests, until it is stopped. The
// catalogue of attacks (attacks.hpp) sets what each connection sends.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "apps/bench/attack_answers.hpp"
#include "apps/bench/attack_sockets.hpp"

namespace troupe::bench {

/// One misbehaving client. It lives on one thread: every call but the
/// constructor is made there.
class attacker : public std::enable_shared_from_this<attacker> {
 public:
  /// Up to `at_once` connections at a time, `in_all` in all.
  attacker(asio::io_context& ioc, attack_route route, std::size_t at_once,
           std::size_t in_all);

  virtual ~attacker();

  attacker(const attacker&) = delete;
  attacker& operator=(const attacker&) = delete;

  /// Opens the first connections.
  void start();

  /// Closes every connection and opens no more.
  void stop();

  /// How the node answered; read once the attacker's thread has stopped.
  const attack_answers& answers() const { return tally_; }

  /// A connection as the attacker holds it.
  struct live_connection {
    std::function<void()> close;
    /// Runs every few hundred milliseconds (a silent socket looks for the
    /// node's close); may be empty.
    std::function<void()> poll;
  };

 protected:
  /// Opens connection number `c`; it calls `ended` once, when it is over.
  virtual live_connection open(std::size_t c, std::function<void()> ended) = 0;

  /// False once the attacker has nothing more to send.
  virtual bool wants_more() const { return true; }

  asio::io_context& ioc_;
  attack_route route_;
  attack_answers tally_;

 private:
  void open_more();
  void poll_every_while();

  std::size_t at_once_;
  std::size_t in_all_;
  std::size_t opened_ = 0;
  std::map<std::size_t, live_connection> live_;
  asio::steady_timer poll_timer_;
  bool stopped_ = false;
};

/// Connections that write and never read (`silent_socket`).
struct silent_plan {
  std::size_t at_once = 1;
  std::size_t in_all = 1;
  /// The account connection `c` logs in as (registering it first); none:
  /// it stays unauthenticated.
  std::function<std::optional<credentials>(std::size_t c)> account;
  /// Frames each connection writes.
  std::size_t frames = 0;
  /// Frame `n` of connection `c`.
  std::function<std::string(std::size_t c, std::size_t n)> frame;
};

/// Uploads whose body never comes (`held_upload`).
struct upload_plan {
  std::size_t at_once = 1;
  std::size_t in_all = 1;
  std::size_t content_length = 0;
  /// Whether connection `c` trickles a byte a second (else sends none).
  std::function<bool(std::size_t c)> trickle;
};

/// Sessions that read the node's answers and keep requests in flight.
struct session_plan {
  std::size_t at_once = 1;
  std::size_t in_all = 1;
  /// As in `silent_plan`.
  std::function<std::optional<credentials>(std::size_t c)> account;
  /// Requests in flight on each connection; 0: it sends none and is held.
  std::size_t window = 0;
  /// Requests in all, over every connection.
  std::size_t requests = 0;
  /// Requests one connection sends before it closes and the next opens;
  /// 0: no bound.
  std::size_t per_connection = 0;
  /// Request `n` (its id is added).
  std::function<nlohmann::json(std::size_t n)> request;
};

std::shared_ptr<attacker> make_attacker(asio::io_context& ioc,
                                        attack_route route, silent_plan plan);
std::shared_ptr<attacker> make_attacker(asio::io_context& ioc,
                                        attack_route route, upload_plan plan);
std::shared_ptr<attacker> make_attacker(asio::io_context& ioc,
                                        attack_route route, session_plan plan);

} // namespace troupe::bench
