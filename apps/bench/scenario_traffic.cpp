// The `pairs` and `offline` scenarios: messages between friend pairs,
// checked by the traffic oracle.

#include <chrono>
#include <iostream>

#include "apps/bench/output.hpp"
#include "apps/bench/population.hpp"
#include "apps/bench/scenarios.hpp"
#include "apps/bench/traffic.hpp"

namespace troupe::bench {

namespace {

using clock = traffic::clock;

/// Pair k's two users share thread k.
std::size_t pair_thread(std::size_t i) {
  return i / 2;
}

json verdict_json(const traffic::verdict& v) {
  return {{"answered_ok", v.answered}, {"failed", v.failed},
          {"received", v.received},    {"lost", v.lost},
          {"duplicated", v.duplicated}, {"out_of_order", v.out_of_order},
          {"leftovers_of_earlier_runs", v.leftovers}};
}

double seconds_between(clock::time_point from, clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

std::string traffic_chart(const std::string& title,
                          const latency_recorder& ok,
                          const latency_recorder& push) {
  auto lines = latency_lines("send→ok", ok);
  for (auto& l : latency_lines("send→push", push))
    lines.push_back(l);
  return line_chart(title, "seconds into the run", "latency (ms)", lines);
}

int exit_status(const traffic::verdict& v, bool finished) {
  return v.lost == 0 && finished ? 0 : 1;
}

} // namespace

int run_pairs(const options& opts) {
  client_pool pool{opts};
  auto names = user_names(opts.prefix + "p", opts.users / 2 * 2);
  if (!prepare_users(pool, names, opts.password, true, opts.concurrency))
    return 2;
  traffic t{opts, pool, names};
  auto sessions = open_sessions(
    pool, names, opts.password,
    [&](std::size_t i, session& s) {
      if (i % 2 == 1)
        t.attach_receiver(i / 2, s);
      else
        s.ack_all_pushes();
    },
    opts.concurrency, pair_thread);
  if (sessions.empty())
    return 2;
  cpu_meter cpu{opts.node_pid};
  auto start = clock::now();
  for (std::size_t k = 0; k < t.pairs(); ++k)
    t.start_sender(k, sessions[2 * k]);
  auto sent = t.wait_for_senders(opts.drain_timeout_s);
  auto received = t.wait_for_receivers(opts.drain_timeout_s);
  auto usage = cpu.stop();
  auto v = t.check();
  auto ok = t.ok_latency();
  auto push = t.push_latency();
  auto send_seconds = seconds_between(start, t.last_answer());
  auto params = common_parameters(opts);
  params["users"] = names.size();
  params["messages_per_sender"] = opts.messages;
  params[opts.rate > 0 ? "rate" : "window"] = opts.rate > 0
                                                ? json(opts.rate)
                                                : json(opts.window);
  json report{{"scenario", "pairs"},
              {"parameters", params},
              {"ok_per_second", send_seconds > 0 ? v.answered / send_seconds
                                                 : 0.0},
              {"send_to_ok", latency_json(ok)},
              {"send_to_push", latency_json(push)},
              {"oracle", verdict_json(v)},
              {"cpu", usage},
              {"finished", sent && received}};
  publish(opts, report, traffic_chart("pairs: latency", ok, push));
  return exit_status(v, sent && received);
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
  auto sending = open_sessions(
    pool, senders, opts.password,
    [](std::size_t, session& s) { s.ack_all_pushes(); }, opts.concurrency);
  if (sending.empty())
    return 2;
  for (std::size_t k = 0; k < t.pairs(); ++k)
    t.start_sender(k, sending[k]);
  auto sent = t.wait_for_senders(opts.drain_timeout_s);
  for (auto& s : sending)
    s->connection().close();
  cpu_meter cpu{opts.node_pid};
  auto login = clock::now();
  auto receiving = open_sessions(
    pool, receivers, opts.password,
    [&](std::size_t k, session& s) { t.attach_receiver(k, s); },
    opts.concurrency);
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
  json report{{"scenario", "offline"},
              {"parameters", params},
              {"backlog", v.answered},
              {"seconds_to_last_message", drain_seconds},
              {"drain_per_second", drain_seconds > 0
                                     ? v.received / drain_seconds
                                     : 0.0},
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
