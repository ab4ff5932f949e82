#include "apps/bench/pairs_run.hpp"

#include <chrono>

#include "apps/bench/nodes.hpp"
#include "apps/bench/output.hpp"
#include "apps/bench/population.hpp"

namespace troupe::bench {

pairs_outcome run_pairs_traffic(const options& opts, client_pool& pool,
                                const std::vector<std::string>& names,
                                const std::function<void()>& before_sending) {
  pairs_outcome out;
  traffic t{opts, pool, names};
  auto sessions = open_sessions(
    pool, names, opts.password,
    [&](std::size_t i, session& s) {
      if (i % 2 == 1)
        t.attach_receiver(i / 2, s);
      else
        s.ack_all_pushes();
    },
    opts.concurrency, [](std::size_t i) { return i / 2; }, pair_node);
  if (sessions.empty())
    return out;
  out.logged_in = true;
  if (before_sending)
    before_sending();
  cpu_meter cpu{opts.node_pids};
  auto start = traffic::clock::now();
  for (std::size_t k = 0; k < t.pairs(); ++k)
    t.start_sender(k, sessions[2 * k]);
  auto sent = t.wait_for_senders(opts.drain_timeout_s);
  auto received = t.wait_for_receivers(opts.drain_timeout_s);
  out.cpu = cpu.stop();
  out.finished = sent && received;
  out.verdict = t.check();
  out.send_to_ok = t.ok_latency();
  out.send_to_push = t.push_latency();
  auto seconds = std::chrono::duration<double>(t.last_answer() - start).count();
  out.ok_per_second = seconds > 0 ? out.verdict.answered / seconds : 0.0;
  return out;
}

json verdict_json(const traffic::verdict& v) {
  return {{"answered_ok", v.answered},
          {"failed", v.failed},
          {"received", v.received},
          {"lost", v.lost},
          {"duplicated", v.duplicated},
          {"out_of_order", v.out_of_order},
          {"leftovers_of_earlier_runs", v.leftovers}};
}

int exit_status(const traffic::verdict& v, bool finished) {
  return v.lost == 0 && finished ? 0 : 1;
}

} // namespace troupe::bench
