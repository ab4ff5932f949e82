#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/bench/attacks.hpp"
#include "apps/bench/client_pool.hpp"
#include "apps/bench/options.hpp"

namespace troupe::bench {

/// The `hostile` scenario's K attackers, on a client thread of their own:
/// attacker i does attack i of the mix (round robin over `--attacks`) from
/// source address i (round robin over `--attacker-source`, by default
/// 127.0.0.(2 + i)), so that the node's per-address limits meet them and
/// not the honest clients.
class attack_crew {
 public:
  attack_crew(const options& opts, std::vector<attack_kind> mix,
              attack_target target);

  /// Stops the attackers first.
  ~attack_crew();

  attack_crew(const attack_crew&) = delete;
  attack_crew& operator=(const attack_crew&) = delete;

  /// Starts every attacker.
  void start();

  /// Closes every attacker's connections and stops their thread.
  /// Idempotent.
  void stop();

  /// Per attack: its attackers, their addresses and how the node answered
  /// them. Call after `stop()`.
  nlohmann::json report() const;

 private:
  client_pool pool_;
  std::vector<attack_kind> kinds_;
  std::vector<std::string> sources_;
  std::vector<std::shared_ptr<attacker>> attackers_;
  bool stopped_ = false;
};

} // namespace troupe::bench
