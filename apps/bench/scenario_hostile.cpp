// The `hostile` scenario: a steady `pairs` load at a fixed rate, first
// quiet, then while K misbehaving clients attack the node from other
// addresses (attacks.hpp); the honest traffic's latency, the oracle and
// the node's memory in both phases, and how the node answered the
// attackers.

#include <chrono>
#include <iostream>
#include <optional>
#include <thread>

#include "apps/bench/attack_crew.hpp"
#include "apps/bench/nodes.hpp"
#include "apps/bench/output.hpp"
#include "apps/bench/pairs_run.hpp"
#include "apps/bench/population.hpp"
#include "apps/bench/rss_sampler.hpp"
#include "apps/bench/scenarios.hpp"
#include "apps/bench/setup_calls.hpp"
#include "apps/bench/victim_probe.hpp"

namespace troupe::bench {

namespace {

/// The attackers start this long before the honest senders, so that the
/// honest traffic meets the attack in full swing.
constexpr auto attack_head_start = std::chrono::seconds{1};

/// Every public profile field at the node's default limit: `get_user` of
/// the victim answers about 24 KB.
constexpr std::size_t profile_chars = 4096;

/// Makes sure the victim exists, registered with a large profile (a rerun
/// finds it taken: a login would meet the lock-out an earlier run's
/// attackers may have caused); false after saying why not.
bool prepare_victim(const options& opts, const std::string& victim) {
  client_pool pool{opts};
  auto s = pool.make_session(0, victim, 0);
  if (!open(pool, 0, s)) {
    std::cerr << "troupe-bench: no connection for the victim\n";
    return false;
  }
  json registration{
    {"type", "register"}, {"username", victim}, {"password", opts.password}};
  for (auto field :
       {"nickname", "email", "avatar", "location", "bio", "public_key"})
    registration[field] = std::string(profile_chars, 'p');
  auto reply = call(pool, 0, s, registration);
  pool.post(0, [s] { s->connection().close(); });
  if (reply.value("type", "") != "ok"
      && reply.value("code", "") != "username_taken") {
    say_refused("register " + victim, reply);
    return false;
  }
  return true;
}

double mib(std::int64_t bytes) {
  return static_cast<double>(bytes) / (1 << 20);
}

struct phase {
  pairs_outcome traffic;
  json node_rss_mib;
  json victim;
  json attacks;
};

/// Runs the honest pairs once; with `crew`, it attacks from just before
/// the first send until the last message arrived.
phase run_phase(const options& opts, const std::vector<std::string>& names,
                const std::string& victim, attack_crew* crew) {
  phase out;
  client_pool pool{opts};
  victim_probe probe{opts, victim};
  std::optional<rss_sampler> rss;
  out.traffic = run_pairs_traffic(opts, pool, names, [&] {
    rss.emplace(opts.node_pids.empty() ? 0 : opts.node_pids.front());
    probe.start();
    if (crew) {
      crew->start();
      std::this_thread::sleep_for(attack_head_start);
    }
  });
  if (crew) {
    crew->stop();
    out.attacks = crew->report();
  }
  probe.stop();
  out.victim = probe.report();
  if (rss) {
    rss->stop();
    auto seen = rss->so_far();
    out.node_rss_mib = {{"at_start", mib(seen.first)},
                        {"max", mib(seen.peak)},
                        {"at_end", mib(seen.last)}};
  }
  return out;
}

json phase_json(const phase& p) {
  json out{{"ok_per_second", p.traffic.ok_per_second},
           {"send_to_ok", latency_json(p.traffic.send_to_ok)},
           {"send_to_push", latency_json(p.traffic.send_to_push)},
           {"oracle", verdict_json(p.traffic.verdict)},
           {"finished", p.traffic.finished},
           {"cpu", p.traffic.cpu},
           {"victim_probe", p.victim}};
  if (!p.node_rss_mib.is_null())
    out["node_rss_mib"] = p.node_rss_mib;
  if (!p.attacks.is_null())
    out["attacks"] = p.attacks;
  return out;
}

/// Hostile p99 over quiet p99; 0 without quiet samples.
double p99_ratio(const latency_recorder& quiet,
                 const latency_recorder& hostile) {
  auto q = quiet.quantile(0.99);
  return q > 0 ? static_cast<double>(hostile.quantile(0.99))
                   / static_cast<double>(q)
               : 0.0;
}

json comparison(const phase& quiet, const phase& hostile) {
  auto push_ratio
    = p99_ratio(quiet.traffic.send_to_push, hostile.traffic.send_to_push);
  json out{{"send_to_push_p99_ratio", push_ratio},
           {"send_to_ok_p99_ratio",
            p99_ratio(quiet.traffic.send_to_ok, hostile.traffic.send_to_ok)},
           {"push_p99_within_2x", push_ratio > 0 && push_ratio <= 2},
           {"nothing_lost", quiet.traffic.verdict.lost == 0
                              && hostile.traffic.verdict.lost == 0}};
  if (!quiet.node_rss_mib.is_null() && !hostile.node_rss_mib.is_null())
    out["node_rss_max_growth_mib"] = hostile.node_rss_mib["max"].get<double>()
                                     - quiet.node_rss_mib["max"].get<double>();
  return out;
}

std::string hostile_chart(const phase& quiet, const phase& hostile) {
  auto lines = latency_lines("quiet send→push", quiet.traffic.send_to_push);
  for (auto& l :
       latency_lines("hostile send→push", hostile.traffic.send_to_push))
    lines.push_back(l);
  return line_chart("hostile: honest latency, quiet and under attack",
                    "seconds into the phase", "latency (ms)", lines);
}

/// Whether the node and every source address are on this machine's
/// loopback network: the attacks are for one's own node.
bool on_this_machine(const options& opts) {
  auto on_loopback = [](const asio::ip::address& address) {
    return address.is_v4() && (address.to_v4().to_uint() >> 24) == 127;
  };
  auto loopback = [&](const std::string& text) {
    error_code ec;
    auto address = asio::ip::make_address(text, ec);
    return !ec && on_loopback(address);
  };
  for (auto& node : node_endpoints(opts))
    if (!on_loopback(node.address()))
      return false;
  for (auto& source : opts.sources)
    if (!loopback(source))
      return false;
  for (auto& source : opts.attacker_sources)
    if (!loopback(source))
      return false;
  return true;
}

} // namespace

int run_hostile(const options& opts) {
  auto mix = parse_attacks(opts.attacks);
  if (!mix || opts.rate <= 0) {
    std::cerr << "troupe-bench hostile: needs --rate > 0 and known "
                 "--attacks\n";
    return 2;
  }
  if (node_endpoints(opts).size() != 1) {
    std::cerr << "troupe-bench hostile: attacks one node (--host and "
                 "--port, or one --node)\n";
    return 2;
  }
  if (!on_this_machine(opts)) {
    std::cerr << "troupe-bench hostile: attacks only a node on 127.0.0.0/8, "
                 "from addresses there\n";
    return 2;
  }
  auto names = user_names(opts.prefix + "h", opts.users / 2 * 2);
  auto victim = opts.prefix + "hv";
  {
    client_pool pool{opts};
    if (!prepare_users(pool, names, opts.password, true, opts.concurrency))
      return 2;
  }
  if (!prepare_victim(opts, victim))
    return 2;
  std::cerr << "troupe-bench hostile: quiet phase\n";
  auto quiet = run_phase(opts, names, victim, nullptr);
  if (!quiet.traffic.logged_in)
    return 2;
  std::cerr << "troupe-bench hostile: hostile phase, " << opts.attackers
            << " attackers\n";
  attack_crew crew{opts, *mix, {victim, opts.prefix + "a", opts.password}};
  auto hostile = run_phase(opts, names, victim, &crew);
  if (!hostile.traffic.logged_in)
    return 2;
  auto params = common_parameters(opts);
  params["users"] = names.size();
  params["messages_per_sender"] = opts.messages;
  params["rate"] = opts.rate;
  params["attackers"] = opts.attackers;
  json attacks = json::array();
  for (auto kind : *mix)
    attacks.push_back(std::string{name_of(kind)});
  params["attacks"] = attacks;
  json report{{"scenario", "hostile"},
              {"parameters", params},
              {"quiet", phase_json(quiet)},
              {"hostile", phase_json(hostile)},
              {"hostile_vs_quiet", comparison(quiet, hostile)},
              {"finished", quiet.traffic.finished && hostile.traffic.finished}};
  publish(opts, report, hostile_chart(quiet, hostile));
  return std::max(
    exit_status(quiet.traffic.verdict, quiet.traffic.finished),
    exit_status(hostile.traffic.verdict, hostile.traffic.finished));
}

} // namespace troupe::bench
