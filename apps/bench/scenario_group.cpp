// The `group` scenario: one big group, some of its members online, a few
// of them sending; the fan-out of every message checked by the oracle.

#include <chrono>
#include <iostream>
#include <unordered_set>

#include "apps/bench/group_traffic.hpp"
#include "apps/bench/output.hpp"
#include "apps/bench/population.hpp"
#include "apps/bench/scenarios.hpp"
#include "apps/bench/setup_calls.hpp"

namespace troupe::bench {

namespace {

using clock = std::chrono::steady_clock;

/// The owner (user 0) does the set-up on thread 0.
constexpr std::size_t owner_index = 0;

/// Returns the id of the owner's group named `name`, creating it if there
/// is none; 0 if the node refused.
std::int64_t find_or_create(client_pool& pool, std::shared_ptr<session> s,
                            const std::string& name) {
  auto listed = call(pool, owner_index, s, {{"type", "groups"}});
  if (listed.value("type", "") != "ok") {
    say_refused("groups", listed);
    return 0;
  }
  for (auto& g : listed["data"].value("groups", json::array()))
    if (g.value("name", "") == name && g.value("role", "") == "owner"
        && g.value("state", "") == "normal")
      return g.value("group_id", std::int64_t{0});
  auto created
    = call(pool, owner_index, s, {{"type", "group_create"}, {"name", name}});
  if (created.value("type", "") != "ok") {
    say_refused("group_create", created);
    return 0;
  }
  return created["data"].value("group_id", std::int64_t{0});
}

/// Makes sure user 0 of `names` owns the group `<prefix>-group` and every
/// other user of `names` is a member (a rerun reuses both). Returns the
/// group's id, or 0 after saying why not.
std::int64_t prepare_group(client_pool& pool,
                           const std::vector<std::string>& names,
                           const options& opts) {
  auto owner = pool.make_session(owner_index, names[owner_index], owner_index);
  // Every `group_add` pushes `added` to the owner too: unacked, they would
  // fill its window (limits.max_pending_acks) and the node would close it.
  owner->ack_all_pushes();
  if (!log_in(pool, owner_index, owner, opts.password)) {
    std::cerr << "troupe-bench: the group's owner could not log in\n";
    return 0;
  }
  auto group_id = find_or_create(pool, owner, opts.prefix + "-group");
  if (group_id == 0)
    return 0;
  // The reply lists every member (about 80 bytes each, 0.8 MB for 10,000):
  // net::ws_client reads messages of up to 16 MiB.
  auto listed = call(pool, owner_index, owner,
                     {{"type", "group_members"}, {"group_id", group_id}});
  if (listed.value("type", "") != "ok") {
    say_refused("group_members", listed);
    return 0;
  }
  std::unordered_set<std::string> present;
  for (auto& m : listed["data"].value("members", json::array()))
    present.insert(m.value("username", ""));
  // In index order, so the online members (the last ones) are added last:
  // each member gets an `added` update for every member added after it,
  // and those stay its backlog until it logs in.
  std::vector<std::string> missing;
  for (std::size_t i = owner_index + 1; i < names.size(); ++i)
    if (present.count(names[i]) == 0)
      missing.push_back(names[i]);
  auto failed = run_limited(
    pool, missing.size(), opts.concurrency, "group add",
    [&](std::size_t i, std::function<void(bool)> done) {
      owner->request({{"type", "group_add"},
                      {"group_id", group_id},
                      {"username", missing[i]}},
                     [done](const json& reply) {
                       if (reply.value("type", "") == "ok"
                           || reply.value("code", "") == "already_member")
                         return done(true);
                       static std::atomic<int> said{0};
                       if (said++ < 3)
                         say_refused("group_add", reply);
                       done(false);
                     });
    },
    [](std::size_t) { return owner_index; });
  pool.post(owner_index, [owner] { owner->connection().close(); });
  if (failed > 0) {
    std::cerr << "troupe-bench: " << failed << " members could not be added\n";
    return 0;
  }
  return group_id;
}

bool valid(const options& opts) {
  auto fine = opts.members >= 2 && opts.online >= 2
              && opts.online <= opts.members && opts.senders >= 1
              && opts.senders <= opts.online && opts.sender_rate > 0;
  if (!fine)
    std::cerr << "troupe-bench group: needs 2 <= --online <= --members, "
                 "1 <= --senders <= --online and --rate > 0\n";
  return fine;
}

/// The nodes' RSS in MiB at the three points a report shows.
struct rss_readings {
  std::vector<double> before_sessions;
  std::vector<double> before_traffic;
  std::vector<double> after_traffic;
};

/// Each reading summed over the nodes (null without --node-pid), and with
/// several nodes each node's too.
void add_rss(json& report, const rss_readings& rss) {
  auto sum = [](const std::vector<double>& v) {
    return v.empty() ? json(nullptr) : json(total(v));
  };
  report["node_rss_mib"] = {{"before_sessions", sum(rss.before_sessions)},
                            {"before_traffic", sum(rss.before_traffic)},
                            {"after_traffic", sum(rss.after_traffic)}};
  if (rss.after_traffic.size() > 1)
    report["node_rss_mib_per_node"] = {{"before_sessions", rss.before_sessions},
                                       {"before_traffic", rss.before_traffic},
                                       {"after_traffic", rss.after_traffic}};
}

double seconds_between(clock::time_point from, clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

json verdict_json(const group_traffic::verdict& v) {
  return {{"answered_ok", v.answered},
          {"failed", v.failed},
          {"expected_deliveries", v.expected},
          {"received", v.received},
          {"lost", v.lost},
          {"duplicated", v.duplicated},
          {"out_of_order", v.out_of_order},
          {"sent_back_to_sender", v.sent_back},
          {"leftovers_of_earlier_runs", v.leftovers}};
}

} // namespace

int run_group(const options& opts) {
  if (!valid(opts))
    return 2;
  client_pool pool{opts};
  auto names = user_names(opts.prefix + "g", opts.members);
  if (!prepare_users(pool, names, opts.password, false, opts.concurrency))
    return 2;
  auto group_id = prepare_group(pool, names, opts);
  if (group_id == 0)
    return 2;
  // The online members are the last ones (added last, least backlog);
  // the owner, user 0, is among them only when every member is online.
  auto first_online = opts.members - opts.online;
  std::vector<std::string> online(
    names.begin() + static_cast<std::ptrdiff_t>(first_online), names.end());
  rss_readings rss;
  rss.before_sessions = node_rss_mib(opts.node_pids);
  group_traffic t{opts, pool, group_id, online.size()};
  auto login = clock::now();
  // Member i of `names` on node i: the members spread round robin over
  // the nodes, the owner on node 0.
  auto sessions = open_sessions(
    pool, online, opts.password,
    [&](std::size_t k, session& s) { t.attach_member(k, s); }, opts.concurrency,
    [](std::size_t k) { return k; },
    [first_online](std::size_t k) { return first_online + k; });
  if (sessions.empty())
    return 2;
  // Measure only once every member's backlog is gone. A marker that never
  // arrives is a message answered ok and lost.
  if (!t.sync(sessions, opts.drain_timeout_s))
    return 1;
  auto backlog_s = seconds_between(login, clock::now());
  rss.before_traffic = node_rss_mib(opts.node_pids);
  cpu_meter cpu{opts.node_pids};
  for (std::size_t k = 0; k < opts.senders; ++k)
    t.start_sender(k, sessions[k]);
  auto sent = t.wait_for_senders(opts.drain_timeout_s);
  auto received = t.wait_for_members(opts.drain_timeout_s);
  auto usage = cpu.stop();
  rss.after_traffic = node_rss_mib(opts.node_pids);
  auto v = t.check();
  auto& fan_out = t.fan_out_latency();
  auto delivering_s = seconds_between(t.first_send(), t.last_push());
  auto params = common_parameters(opts);
  params["members"] = opts.members;
  params["online"] = opts.online;
  params["senders"] = opts.senders;
  params["rate_per_sender"] = opts.sender_rate;
  params["messages_per_sender"] = opts.messages;
  json report{
    {"scenario", "group"},
    {"parameters", params},
    {"group_id", group_id},
    {"seconds_to_log_in_and_drain_backlog", backlog_s},
    {"fan_out_ok_to_last_member", latency_json(fan_out)},
    {"send_to_ok", latency_json(t.ok_latency())},
    {"send_to_push", latency_json(t.push_latency())},
    {"deliveries_per_second",
     delivering_s > 0 ? static_cast<double>(v.received) / delivering_s : 0.0},
    {"oracle", verdict_json(v)},
    {"cpu", usage},
    {"finished", sent && received}};
  add_rss(report, rss);
  publish(opts, report,
          line_chart("group: fan-out latency, ok to the last online member",
                     "seconds into the run", "latency (ms)",
                     latency_lines("fan-out", fan_out)));
  for (std::size_t k = 0; k < sessions.size(); ++k)
    pool.post(k, [s = sessions[k]] { s->connection().close(); });
  return v.lost == 0 && sent && received ? 0 : 1;
}

} // namespace troupe::bench
