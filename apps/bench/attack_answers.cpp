#include "apps/bench/attack_answers.hpp"

#include "apps/bench/output.hpp"

namespace troupe::bench {

void attack_answers::count_reply(const nlohmann::json& reply,
                                 const std::string& prefix) {
  if (reply.value("type", "") == "ok")
    count(prefix + "ok");
  else
    count(prefix + "error:" + reply.value("code", std::string{"?"}));
}

void attack_answers::closed_by_node(clock::time_point opened) {
  count("closed_by_node");
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now()
                                                                 - opened)
              .count();
  // Only its quantiles are reported, not its course over time.
  closed_after_.add(ns, 0);
}

void attack_answers::merge(const attack_answers& other) {
  for (auto& [outcome, n] : other.counts_)
    counts_[outcome] += n;
  closed_after_.merge(other.closed_after_);
}

nlohmann::json attack_answers::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (auto& [outcome, n] : counts_)
    out[outcome] = n;
  if (closed_after_.count() > 0)
    out["node_closed_after"] = latency_json(closed_after_);
  return out;
}

} // namespace troupe::bench
