// The `pairs` and `offline` scenarios: messages between friend pairs,
// checked by the traffic oracle.

#include <chrono>
#include <iostream>

#include "apps/bench/nodes.hpp"
#include "apps/bench/output.hpp"
#include "apps/bench/pairs_run.hpp"
#include "apps/bench/population.hpp"
#include "apps/bench/scenarios.hpp"
#include "apps/bench/traffic.hpp"

namespace troupe::bench {

namespace {

using clock = traffic::clock;

double seconds_between(clock::time_point from, clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

std::string traffic_chart(const std::string& title, const latency_recorder& ok,
                          const latency_recorder& push) {
  auto lines = latency_lines("send→ok", ok);
  for (auto& l : latency_lines("send→push", push))
    lines.push_back(l);
  return line_chart(title, "seconds into the run", "latency (ms)", lines);
}

} // namespace

int run_pairs(const options& opts) {
  client_pool pool{opts};
  auto names = user_names(opts.prefix + "p", opts.users / 2 * 2);
  if (!prepare_users(pool, names, opts.password, true, opts.concurrency))
    return 2;
  auto run = run_pairs_traffic(opts, pool, names);
  if (!run.logged_in)
    return 2;
  auto params = common_parameters(opts);
  params["users"] = names.size();
  params["messages_per_sender"] = opts.messages;
  params[opts.rate > 0 ? "rate" : "window"]
    = opts.rate > 0 ? json(opts.rate) : json(opts.window);
  json report{{"scenario", "pairs"},
              {"parameters", params},
              {"ok_per_second", run.ok_per_second},
              {"send_to_ok", latency_json(run.send_to_ok)},
              {"send_to_push", latency_json(run.send_to_push)},
              {"oracle", verdict_json(run.verdict)},
              {"cpu", run.cpu},
              {"finished", run.finished}};
  publish(opts, report,
          traffic_chart("pairs: latency", run.send_to_ok, run.send_to_push));
  return exit_status(run.verdict, run.finished);
}

int run_offline(const options& opts) {
  client_pool pool{opts};
  auto names = user_names(opts.prefix + "o", opts.users / 2 * 2);
  if (!prepare_users(pool, names, opts.password, true, opts.concurrency))
    return 2;
  traffic t{opts, pool, names};
  std::vector<std::string> senders;
  std::vector<std::string> receivers;
  for (std::size_t i = 0; i < names.size(); ++i)
    (i % 2 == 0 ? senders : receivers).push_back(names[i]);
  // Senders only: the receivers stay offline while the backlog grows.
  // Sender k and receiver k connect to the nodes of pair k: with several
  // nodes, every backlog is stored on one node and drained on another.
  auto sending = open_sessions(
    pool, senders, opts.password,
    [](std::size_t, session& s) { s.ack_all_pushes(); }, opts.concurrency,
    [](std::size_t k) { return k; },
    [](std::size_t k) { return pair_node(2 * k); });
  if (sending.empty())
    return 2;
  for (std::size_t k = 0; k < t.pairs(); ++k)
    t.start_sender(k, sending[k]);
  auto sent = t.wait_for_senders(opts.drain_timeout_s);
  for (auto& s : sending)
    s->connection().close();
  cpu_meter cpu{opts.node_pids};
  auto login = clock::now();
  auto receiving = open_sessions(
    pool, receivers, opts.password,
    [&](std::size_t k, session& s) { t.attach_receiver(k, s); },
    opts.concurrency, [](std::size_t k) { return k; },
    [](std::size_t k) { return pair_node(2 * k + 1); });
  if (receiving.empty())
    return 2;
  auto received = t.wait_for_receivers(opts.drain_timeout_s);
  auto usage = cpu.stop();
  auto v = t.check();
  auto drain_seconds = seconds_between(login, t.last_push());
  auto params = common_parameters(opts);
  params["users"] = names.size();
  params["messages_per_sender"] = opts.messages;
  params["window"] = opts.window;
  json report{
    {"scenario", "offline"},
    {"parameters", params},
    {"backlog", v.answered},
    {"seconds_to_last_message", drain_seconds},
    {"drain_per_second", drain_seconds > 0 ? v.received / drain_seconds : 0.0},
    {"oracle", verdict_json(v)},
    {"cpu_while_draining", usage},
    {"finished", sent && received}};
  auto push = t.push_latency();
  publish(opts, report,
          line_chart("offline: messages received per second",
                     "seconds into the run", "messages per second",
                     {throughput_line("received", push)}));
  return exit_status(v, sent && received);
}

} // namespace troupe::bench
