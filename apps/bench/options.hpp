#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace troupe::bench {

/// Everything a scenario may be told on the command line.
struct options {
  // -- where and how
  // ------------------------------------------------------------
  /// The node of a one-node run.
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  /// The nodes of a cluster, "HOST:PORT" each (`--node`, repeated); when
  /// given, `host` and `port` are not used. Scenarios place users so that
  /// conversations cross nodes (apps/bench/nodes.hpp).
  std::vector<std::string> nodes;
  /// Client threads, one io_context each.
  std::size_t threads = 1;
  /// Source addresses in 127.0.0.0/8 to spread connections over (more
  /// ports than one address has).
  std::vector<std::string> sources;
  /// The nodes' process ids, none or one for each node in the order of
  /// `nodes`: their CPU time and memory go into the report.
  std::vector<int> node_pids;
  /// Users are named `<prefix><scenario letter><i>`; reruns reuse them.
  std::string prefix = "bench";
  std::string password = "bench-password-1";
  /// Set-up steps (register, befriend, log in) in flight at once.
  std::size_t concurrency = 256;
  /// Where to write the report as JSON and the plot as SVG (optional).
  std::string json_path;
  std::string svg_path;

  // -- traffic (pairs, offline, group)
  // ------------------------------------------
  /// Users, in friend pairs: half send, half receive.
  std::size_t users = 200;
  /// Messages each sender sends.
  std::size_t messages = 500;
  /// Requests each sender keeps in flight (closed loop).
  std::size_t window = 8;
  /// Total messages per second across senders (open loop); 0: closed loop.
  double rate = 0;
  /// How long receivers may take to get every answered message.
  double drain_timeout_s = 60;

  // -- group
  // --------------------------------------------------------------------
  /// Members of the bench's group, the owner included.
  std::size_t members = 10000;
  /// Members online during the run: the last `online` of them.
  std::size_t online = 1000;
  /// Online members that send (the first `senders` of the online ones).
  std::size_t senders = 5;
  /// Messages per second of each sender (the group scenario is open loop).
  double sender_rate = 20;

  // -- hostile
  // ------------------------------------------------------------------
  /// Misbehaving clients running while the honest pairs send.
  std::size_t attackers = 8;
  /// Their attacks, round robin: "all" or names separated by commas.
  std::string attacks = "all";
  /// Their source addresses, round robin; none: 127.0.0.2, 127.0.0.3, ...
  /// one for each attacker.
  std::vector<std::string> attacker_sources;

  // -- sessions (idle, storm)
  // ---------------------------------------------------
  std::size_t sessions = 1000;
  /// How long idle sessions are held (pinging) after all are open.
  double duration_s = 10;
  /// How often each idle session pings.
  double ping_interval_s = 30;
};

} // namespace troupe::bench
