#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "apps/bench/statistics.hpp"

namespace troupe::bench {

/// How the node answered an attacker: counts by outcome ("opened",
/// "refused", "closed_by_node", "frames_sent", "ok", "error:rate_limited",
/// "closing:protocol_error", "http:401", ...), and how long its connections
/// lived before the node closed them. Touched by the attacker's thread
/// only; merged once the attackers have stopped.
class attack_answers {
 public:
  using clock = std::chrono::steady_clock;

  void count(const std::string& outcome, std::size_t n = 1) {
    counts_[outcome] += n;
  }

  /// Counts a reply: "<prefix>ok", or "<prefix>error:<code>".
  void count_reply(const nlohmann::json& reply, const std::string& prefix = {});

  /// Counts a close by the node of a connection opened at `opened`.
  void closed_by_node(clock::time_point opened);

  void merge(const attack_answers& other);

  /// Returns `{counts..., node_closed_after: {count, p50_ms, ...}}`.
  nlohmann::json to_json() const;

 private:
  std::map<std::string, std::size_t> counts_;
  latency_recorder closed_after_;
};

} // namespace troupe::bench
