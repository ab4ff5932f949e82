#pragma once

#include <memory>
#include <string>

#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "apps/bench/attack_answers.hpp"
#include "apps/bench/client_pool.hpp"
#include "apps/bench/options.hpp"
#include "apps/bench/statistics.hpp"

namespace troupe::bench {

/// The honest user the attackers aim at, seen from the honest side: every
/// second (one attempt at a time), on a client thread of its own and from
/// the honest clients' address, it logs in with the right password and
/// asks for its friend requests. Shows whether a stranger's wrong
/// passwords lock the user out, how long a real login waits behind the
/// attackers' hashing, and whether the user can still read what
/// attackers sent.
class victim_probe {
 public:
  victim_probe(const options& opts, std::string victim);

  /// Stops the probe first.
  ~victim_probe();

  victim_probe(const victim_probe&) = delete;
  victim_probe& operator=(const victim_probe&) = delete;

  void start();

  /// Ends the probing and its thread. Idempotent.
  void stop();

  /// `{answers: {login:ok, friend_requests:ok, ...}, login: {latency}}`.
  /// Call after `stop()`.
  nlohmann::json report() const;

 private:
  void attempt();
  void finish_attempt();

  client_pool pool_;
  std::string victim_;
  std::string password_;
  asio::steady_timer timer_;
  std::shared_ptr<session> current_;
  attack_answers::clock::time_point started_;
  attack_answers::clock::time_point attempt_started_;
  attack_answers answers_;
  latency_recorder login_latency_;
  bool stopping_ = false;
  bool stopped_ = false;
};

} // namespace troupe::bench
