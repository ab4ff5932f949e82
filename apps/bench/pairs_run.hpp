#pragma once

// One run of friend pairs sending messages, checked by the traffic oracle:
// what `pairs` reports, and what `hostile` runs twice (quiet, then under
// attack).

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/bench/client_pool.hpp"
#include "apps/bench/options.hpp"
#include "apps/bench/statistics.hpp"
#include "apps/bench/traffic.hpp"

namespace troupe::bench {

/// What one pairs run measured.
struct pairs_outcome {
  /// False when a user could not log in; nothing else is set then.
  bool logged_in = false;
  /// Every sender had every answer and every answered message arrived.
  bool finished = false;
  traffic::verdict verdict;
  latency_recorder send_to_ok;
  latency_recorder send_to_push;
  /// Answers `ok` per second, from the first send to the last answer.
  double ok_per_second = 0;
  /// The CPU the bench and the nodes used while the traffic ran.
  json cpu;
};

/// Logs the users of `names` in on `pool` (pair k, users 2k and 2k + 1,
/// on thread k, on the nodes of `pair_node`), runs `before_sending`, then the
/// senders (a window each, or open loop at `opts.rate`); waits for every answer
/// and push and asks the oracle. The traffic's handlers run on `pool`: it is
/// stopped at the end.
pairs_outcome run_pairs_traffic(const options& opts, client_pool& pool,
                                const std::vector<std::string>& names,
                                const std::function<void()>& before_sending
                                = {});

/// The oracle's findings as a report shows them.
json verdict_json(const traffic::verdict& v);

/// The exit status of a traffic run: 0 when it finished and nothing
/// answered `ok` was lost, else 1.
int exit_status(const traffic::verdict& v, bool finished);

} // namespace troupe::bench
