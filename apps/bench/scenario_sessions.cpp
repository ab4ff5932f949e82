// The `idle` and `storm` scenarios: many sessions, little traffic.

#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>

#include "apps/bench/output.hpp"
#include "apps/bench/population.hpp"
#include "apps/bench/process_usage.hpp"
#include "apps/bench/scenarios.hpp"

namespace troupe::bench {

namespace {

using clock = std::chrono::steady_clock;

/// Pings every open session of one thread every `interval`.
class pinger : public std::enable_shared_from_this<pinger> {
 public:
  pinger(asio::io_context& ioc, clock::duration interval)
    : timer_(ioc), interval_(interval) {
    // nop
  }

  void add(std::shared_ptr<session> s) { sessions_.push_back(std::move(s)); }

  void start() {
    timer_.expires_after(interval_);
    timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (ec)
        return;
      for (auto& s : self->sessions_)
        s->connection().ping();
      self->start();
    });
  }

  void stop() { timer_.cancel(); }

 private:
  asio::steady_timer timer_;
  clock::duration interval_;
  std::vector<std::shared_ptr<session>> sessions_;
};

/// The nodes' RSS against the sessions they hold, session i on node
/// i % nodes: the slope of RSS over sessions is the memory one session
/// costs, for the whole cluster and for each node.
class memory_by_sessions {
 public:
  explicit memory_by_sessions(std::vector<int> node_pids)
    : pids_(std::move(node_pids)), per_node_(pids_.size()) {
    // nop
  }

  /// Reads every node's RSS with `sessions` open.
  void sample(std::size_t sessions) {
    double sum = 0;
    for (std::size_t node = 0; node < pids_.size(); ++node) {
      auto rss = static_cast<double>(rss_bytes(pids_[node]));
      per_node_[node].emplace_back(on_node(node, sessions), rss);
      sum += rss;
    }
    total_.emplace_back(static_cast<double>(sessions), sum);
  }

  /// Adds the readings to `report`: the cluster's before, after and per
  /// session, and with several nodes each node's.
  void add_to(json& report) const {
    auto per_session = slope(total_);
    report["node_rss_bytes_before"] = total_.front().second;
    report["node_rss_bytes_after"] = total_.back().second;
    report["node_rss_bytes_per_session"] = per_session;
    report["node_rss_kib_per_session"] = per_session / 1024;
    if (pids_.size() < 2)
      return;
    json nodes = json::array();
    for (std::size_t node = 0; node < pids_.size(); ++node) {
      auto& samples = per_node_[node];
      nodes.push_back(
        {{"pid", pids_[node]},
         {"sessions", static_cast<std::size_t>(samples.back().first)},
         {"rss_bytes_before", samples.front().second},
         {"rss_bytes_after", samples.back().second},
         {"rss_kib_per_session", slope(samples) / 1024}});
    }
    report["per_node"] = nodes;
  }

  /// RSS by open sessions, all nodes together, for a chart.
  series growth() const {
    series out{"node RSS (MiB) by sessions", {}};
    for (auto& [n, rss] : total_)
      out.points.emplace_back(n, rss / (1 << 20));
    return out;
  }

 private:
  /// How many of the first `sessions` sessions are on `node`.
  double on_node(std::size_t node, std::size_t sessions) const {
    auto n = pids_.size();
    return static_cast<double>(sessions / n + (node < sessions % n ? 1 : 0));
  }

  std::vector<int> pids_;
  std::vector<std::pair<double, double>> total_;
  std::vector<std::vector<std::pair<double, double>>> per_node_;
};

double seconds_since(clock::time_point from) {
  return std::chrono::duration<double>(clock::now() - from).count();
}

} // namespace

int run_idle(const options& opts) {
  if (opts.node_pids.empty()) {
    std::cerr << "troupe-bench idle: --node-pid is needed to read the "
                 "node's memory\n";
    return 2;
  }
  client_pool pool{opts};
  auto names = user_names(opts.prefix + "i", opts.sessions);
  if (!prepare_users(pool, names, opts.password, false, opts.concurrency))
    return 2;
  // Open the sessions in steps, reading the nodes' RSS after each; session
  // i on node i, round robin.
  memory_by_sessions memory{opts.node_pids};
  memory.sample(0);
  std::vector<std::shared_ptr<session>> sessions;
  auto step = std::max<std::size_t>(1, opts.sessions / 10);
  for (std::size_t from = 0; from < names.size(); from += step) {
    std::vector<std::string> batch(
      names.begin() + static_cast<std::ptrdiff_t>(from),
      names.begin()
        + static_cast<std::ptrdiff_t>(std::min(names.size(), from + step)));
    auto user = [from](std::size_t i) { return from + i; };
    auto opened = open_sessions(
      pool, batch, opts.password,
      [](std::size_t, session& s) { s.ack_all_pushes(); }, opts.concurrency,
      user, user);
    if (opened.empty())
      return 2;
    sessions.insert(sessions.end(), opened.begin(), opened.end());
    memory.sample(sessions.size());
  }
  // Hold them, pinging, and keep sampling.
  std::vector<std::shared_ptr<pinger>> pingers;
  auto interval = std::chrono::duration_cast<clock::duration>(
    std::chrono::duration<double>(opts.ping_interval_s));
  for (std::size_t t = 0; t < pool.threads(); ++t)
    pingers.push_back(std::make_shared<pinger>(pool.context_of(t), interval));
  for (std::size_t i = 0; i < sessions.size(); ++i)
    pool.post(
      i, [p = pingers[i % pingers.size()], s = sessions[i]] { p->add(s); });
  for (std::size_t t = 0; t < pingers.size(); ++t)
    pool.post(t, [p = pingers[t]] { p->start(); });
  cpu_meter cpu{opts.node_pids};
  auto held = clock::now();
  while (seconds_since(held) < opts.duration_s) {
    std::this_thread::sleep_for(std::chrono::seconds{1});
    memory.sample(sessions.size());
  }
  auto usage = cpu.stop();
  for (std::size_t t = 0; t < pingers.size(); ++t)
    pool.post(t, [p = pingers[t]] { p->stop(); });
  std::size_t still_open = 0;
  for (auto& s : sessions)
    still_open += s->connection().is_open() ? 1 : 0;
  auto params = common_parameters(opts);
  params["sessions"] = opts.sessions;
  params["ping_interval_s"] = opts.ping_interval_s;
  params["held_s"] = opts.duration_s;
  json report{{"scenario", "idle"},
              {"parameters", params},
              {"sessions_open_at_end", still_open},
              {"cpu_while_holding", usage}};
  memory.add_to(report);
  publish(opts, report,
          line_chart("idle: node memory by open sessions", "sessions",
                     "RSS (MiB)", {memory.growth()}));
  for (std::size_t i = 0; i < sessions.size(); ++i)
    pool.post(i, [s = sessions[i]] { s->connection().close(); });
  return still_open == sessions.size() ? 0 : 1;
}

int run_storm(const options& opts) {
  client_pool pool{opts};
  auto names = user_names(opts.prefix + "s", opts.sessions);
  if (!prepare_users(pool, names, opts.password, false, opts.concurrency))
    return 2;
  // Tokens first, at the set-up pace: the storm itself is only upgrades.
  std::vector<std::string> tokens(names.size());
  auto failed = run_limited(
    pool, names.size(), opts.concurrency, "tokens",
    [&](std::size_t i, std::function<void(bool)> done) {
      auto s = pool.make_session(i, names[i], i);
      s->open("/ws", [&, s, i, done](bool opened) {
        if (!opened)
          return done(false);
        s->login(opts.password, [&, s, i, done](bool in) {
          if (!in)
            return done(false);
          s->request({{"type", "token"}}, [&, s, i, done](const json& r) {
            tokens[i] = r.value("data", json::object()).value("token", "");
            s->connection().close();
            done(!tokens[i].empty());
          });
        });
      });
    });
  if (failed > 0) {
    std::cerr << "troupe-bench: " << failed << " tokens could not be had\n";
    return 2;
  }
  std::vector<std::shared_ptr<session>> sessions(names.size());
  std::mutex mtx;
  latency_recorder welcome_after;
  cpu_meter cpu{opts.node_pids};
  auto start = clock::now();
  failed = run_limited(
    pool, names.size(), names.size(), "storm",
    [&](std::size_t i, std::function<void(bool)> done) {
      auto s = pool.make_session(i, names[i], i);
      sessions[i] = s;
      auto once = std::make_shared<bool>(false);
      auto* raw = s.get();
      s->on_push([&, raw, done, once](const json& push) {
        if (push.value("type", "") == "welcome" && !*once) {
          *once = true;
          auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      clock::now() - start)
                      .count();
          {
            std::lock_guard<std::mutex> guard{mtx};
            welcome_after.add(ns,
                              static_cast<std::uint32_t>(ns / 1'000'000'000));
          }
          done(true);
          return;
        }
        if (push.contains("id") && push["id"].is_number_integer())
          raw->ack(push["id"].get<std::int64_t>());
      });
      s->open("/ws?token=" + tokens[i], [done, once](bool opened) {
        if (!opened && !*once) {
          *once = true;
          done(false);
        }
      });
    });
  auto all_welcomed = seconds_since(start);
  auto usage = cpu.stop();
  auto params = common_parameters(opts);
  params["sessions"] = opts.sessions;
  json report{{"scenario", "storm"},
              {"parameters", params},
              {"welcomed", names.size() - failed},
              {"failed", failed},
              {"seconds_until_all_welcomed", all_welcomed},
              {"welcome_after", latency_json(welcome_after)},
              {"cpu", usage}};
  publish(opts, report,
          line_chart("storm: welcomes per second", "seconds into the storm",
                     "welcomes", {throughput_line("welcomes", welcome_after)}));
  for (std::size_t i = 0; i < sessions.size(); ++i)
    if (sessions[i])
      pool.post(i, [s = sessions[i]] { s->connection().close(); });
  return failed == 0 ? 0 : 1;
}

} // namespace troupe::bench
