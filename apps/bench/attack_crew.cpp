#include "apps/bench/attack_crew.hpp"

#include <map>

namespace troupe::bench {

namespace {

/// The attackers' addresses: as given, or 127.0.0.2, 127.0.0.3, ... one
/// for each attacker.
std::vector<std::string> attacker_sources(const options& opts) {
  if (!opts.attacker_sources.empty())
    return opts.attacker_sources;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < opts.attackers; ++i)
    out.push_back("127.0.0." + std::to_string(2 + i % 253));
  return out;
}

/// The crew's pool: one thread, from the attackers' addresses.
options crew_pool(const options& opts) {
  auto out = opts;
  out.threads = 1;
  out.sources = attacker_sources(opts);
  return out;
}

} // namespace

attack_crew::attack_crew(const options& opts, std::vector<attack_kind> mix,
                         attack_target target)
  : pool_(crew_pool(opts)), sources_(attacker_sources(opts)) {
  for (std::size_t i = 0; i < opts.attackers; ++i) {
    auto kind = mix[i % mix.size()];
    kinds_.push_back(kind);
    attackers_.push_back(make_attack(kind, i, target, pool_.context_of(i),
                                     {pool_.node(0), pool_.source_of(i)}));
  }
}

attack_crew::~attack_crew() {
  stop();
}

void attack_crew::start() {
  for (std::size_t i = 0; i < attackers_.size(); ++i)
    pool_.post(i, [a = attackers_[i]] { a->start(); });
}

void attack_crew::stop() {
  if (stopped_)
    return;
  stopped_ = true;
  pool_.run_for_each(attackers_.size(),
                     [this](std::size_t i) { attackers_[i]->stop(); });
  pool_.stop();
}

nlohmann::json attack_crew::report() const {
  std::map<std::string, attack_answers> answers;
  std::map<std::string, nlohmann::json> sources;
  for (std::size_t i = 0; i < attackers_.size(); ++i) {
    auto name = std::string{name_of(kinds_[i])};
    answers[name].merge(attackers_[i]->answers());
    sources[name].push_back(sources_[i % sources_.size()]);
  }
  auto out = nlohmann::json::object();
  for (auto& [name, a] : answers)
    out[name] = {{"attackers", sources[name].size()},
                 {"sources", sources[name]},
                 {"answers", a.to_json()}};
  return out;
}

} // namespace troupe::bench
