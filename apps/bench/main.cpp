// troupe-bench: load and correctness benchmark for any node speaking Troupe
// protocol v1. See docs/benchmarks.md.
//
//   troupe-bench pairs   --port 8080 --users 200 --window 8 --messages 500
//   troupe-bench pairs   --rate 5000 ...        (open loop)
//   troupe-bench offline --users 200 --messages 500
//   troupe-bench idle    --sessions 19000 --node-pid PID
//   troupe-bench storm   --sessions 19000
//   troupe-bench group   --members 10000 --online 1000 --senders 5 --rate 20
//                        --messages 300 --threads 2 --node-pid PID
//   troupe-bench hostile --users 200 --rate 1000 --attackers 8 --node-pid PID
//   troupe-bench pairs   --node 127.0.0.1:8080 --node 127.0.0.1:8081
//                        --node-pid PID0 --node-pid PID1   (a cluster)

#include <iostream>
#include <limits>

#include <CLI/CLI.hpp>

#include "apps/bench/nodes.hpp"
#include "apps/bench/options.hpp"
#include "apps/bench/scenarios.hpp"

using troupe::bench::options;

namespace {

void add_common(CLI::App& app, options& o) {
  auto* host
    = app.add_option("--host", o.host, "node address")->capture_default_str();
  auto* port
    = app.add_option("--port", o.port, "node port")->capture_default_str();
  app
    .add_option("--node", o.nodes,
                "HOST:PORT of a node of a cluster (repeat the option for "
                "each node): conversations cross nodes")
    ->check(CLI::Validator(
      [](std::string& text) {
        return troupe::bench::parse_node(text) ? std::string{}
                                               : "not HOST:PORT: " + text;
      },
      "HOST:PORT"))
    ->excludes(host)
    ->excludes(port);
  app.add_option("--threads", o.threads, "client threads")
    ->capture_default_str();
  app.add_option("--source", o.sources,
                 "source addresses in 127.0.0.0/8 to spread connections "
                 "over (repeat the option)");
  app
    .add_option("--node-pid", o.node_pids,
                "the node's pid, or one for each --node in their order "
                "(repeat the option): their CPU and memory go into the "
                "report")
    ->check(CLI::Range(1, std::numeric_limits<int>::max()));
  app.add_option("--prefix", o.prefix, "user name prefix; reruns reuse users")
    ->capture_default_str();
  app.add_option("--password", o.password, "password of the bench users")
    ->capture_default_str();
  app
    .add_option("--concurrency", o.concurrency,
                "set-up steps in flight at once")
    ->capture_default_str();
  app.add_option("--json", o.json_path, "write the report as JSON here");
  app.add_option("--svg", o.svg_path, "write the plot as SVG here");
}

void add_traffic(CLI::App& app, options& o) {
  app.add_option("--users", o.users, "users, in friend pairs")
    ->capture_default_str();
  app.add_option("--messages", o.messages, "messages per sender")
    ->capture_default_str();
  app.add_option("--window", o.window, "requests in flight per sender")
    ->capture_default_str();
  app
    .add_option("--drain-timeout", o.drain_timeout_s,
                "seconds receivers may take after the last answer")
    ->capture_default_str();
}

void add_sessions(CLI::App& app, options& o) {
  app.add_option("--sessions", o.sessions, "sessions")->capture_default_str();
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"troupe-bench: load and correctness benchmark for protocol v1"};
  app.require_subcommand(1);
  options o;
  auto* pairs = app.add_subcommand("pairs", "friend pairs sending messages");
  add_common(*pairs, o);
  add_traffic(*pairs, o);
  pairs->add_option("--rate", o.rate,
                    "open loop: total messages per second (0: closed loop)");
  auto* offline
    = app.add_subcommand("offline", "receivers offline, then draining");
  add_common(*offline, o);
  add_traffic(*offline, o);
  auto* idle = app.add_subcommand("idle", "idle sessions kept alive by pings");
  add_common(*idle, o);
  add_sessions(*idle, o);
  idle->add_option("--duration", o.duration_s, "seconds to hold the sessions")
    ->capture_default_str();
  idle
    ->add_option("--ping-interval", o.ping_interval_s,
                 "seconds between the pings of a session")
    ->capture_default_str();
  auto* storm
    = app.add_subcommand("storm", "sessions opening at once with tokens");
  add_common(*storm, o);
  add_sessions(*storm, o);
  auto* group = app.add_subcommand(
    "group", "one big group, some members online, a few sending");
  add_common(*group, o);
  group->add_option("--members", o.members, "members, the owner included")
    ->capture_default_str();
  group
    ->add_option("--online", o.online, "members online (the last ones added)")
    ->capture_default_str();
  group->add_option("--senders", o.senders, "online members that send")
    ->capture_default_str();
  group->add_option("--rate", o.sender_rate, "messages per second per sender")
    ->capture_default_str();
  group->add_option("--messages", o.messages, "messages per sender")
    ->capture_default_str();
  group
    ->add_option("--drain-timeout", o.drain_timeout_s,
                 "seconds members may take after the last answer (and "
                 "without any push while their backlog drains)")
    ->capture_default_str();
  auto* hostile = app.add_subcommand(
    "hostile", "pairs at a rate, quiet and then while clients attack");
  add_common(*hostile, o);
  add_traffic(*hostile, o);
  hostile->add_option("--rate", o.rate,
                      "total messages per second (default 1000)");
  hostile->add_option("--attackers", o.attackers, "misbehaving clients")
    ->capture_default_str();
  hostile
    ->add_option("--attacks", o.attacks,
                 "their attacks, round robin: all, or some of silent, "
                 "history, pings, logins, connections, friend_notes, "
                 "uploads, long_to (comma-separated)")
    ->capture_default_str();
  hostile->add_option("--attacker-source", o.attacker_sources,
                      "the attackers' addresses in 127.0.0.0/8, round robin "
                      "(repeat the option; default 127.0.0.2, 127.0.0.3, "
                      "... one each)");
  CLI11_PARSE(app, argc, argv);
  auto nodes = o.nodes.empty() ? 1 : o.nodes.size();
  if (!o.node_pids.empty() && o.node_pids.size() != nodes) {
    std::cerr << "troupe-bench: give one --node-pid for each node, in the "
                 "order of --node\n";
    return 2;
  }
  if (app.got_subcommand(pairs))
    return troupe::bench::run_pairs(o);
  if (app.got_subcommand(offline))
    return troupe::bench::run_offline(o);
  if (app.got_subcommand(idle))
    return troupe::bench::run_idle(o);
  if (app.got_subcommand(group))
    return troupe::bench::run_group(o);
  if (app.got_subcommand(hostile)) {
    // An open loop: the honest load must not slow down with the node.
    if (hostile->count("--rate") == 0)
      o.rate = 1000;
    return troupe::bench::run_hostile(o);
  }
  return troupe::bench::run_storm(o);
}
