#pragma once

#include "apps/bench/options.hpp"

namespace troupe::bench {

// Each scenario returns the process exit status: 0 when the oracle is
// clean, 1 when it found a lost message (or the run could not finish), 2
// when set-up failed.

/// Friend pairs sending messages (closed loop with a window, or open loop
/// at a rate); receivers online and acknowledging.
int run_pairs(const options& opts);

/// Senders send while receivers are offline; then receivers log in and
/// drain their backlog.
int run_offline(const options& opts);

/// One group of many members, some online, a few sending at a rate each;
/// every message must reach every online member but its sender.
int run_group(const options& opts);

/// Friend pairs sending at a fixed rate, first quiet, then while
/// misbehaving clients from other addresses attack the node; the honest
/// latency and the node's memory in both phases.
int run_hostile(const options& opts);

/// Many idle sessions kept alive by pings; the node's memory per session.
int run_idle(const options& opts);

/// Many sessions opening at once with `/ws?token=`; the time until every
/// `welcome`.
int run_storm(const options& opts);

} // namespace troupe::bench
