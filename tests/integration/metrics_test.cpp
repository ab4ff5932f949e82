// GET /metrics over real HTTP: the Prometheus text format, and counters and
// gauges that move with real traffic.

#include <cstring>
#include <map>
#include <set>
#include <sstream>

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;

namespace {

/// A scrape's samples by series (`name{labels}` as written) with their
/// values; a series missing reads as 0.
struct scrape {
  std::map<std::string, double> samples;

  double operator[](const std::string& series) const {
    auto i = samples.find(series);
    return i == samples.end() ? 0.0 : i->second;
  }
};

scrape read_metrics(const node_process& node) {
  auto res = http_call(node.port(), "GET", "/metrics");
  REQUIRE(res.status == 200);
  CHECK(res.content_type == "text/plain; version=0.0.4; charset=utf-8");
  scrape out;
  std::istringstream lines{res.body};
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    auto space = line.rfind(' ');
    REQUIRE(space != std::string::npos);
    out.samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

} // namespace

TEST_CASE("metrics are in the Prometheus text format, every family typed") {
  node_process node;
  auto res = http_call(node.port(), "GET", "/metrics");
  REQUIRE(res.status == 200);
  std::istringstream lines{res.body};
  std::string line;
  std::set<std::string> typed;
  while (std::getline(lines, line)) {
    INFO(line);
    if (line.rfind("# TYPE ", 0) == 0) {
      auto name = line.substr(7, line.find(' ', 7) - 7);
      CHECK(typed.insert(name).second);
      continue;
    }
    if (line.empty() || line[0] == '#')
      continue;
    auto name = line.substr(0, line.find_first_of("{ "));
    // A sample belongs to a family declared before it (a histogram's
    // samples carry a suffix).
    auto family = name;
    for (auto suffix : {"_bucket", "_sum", "_count"})
      if (!typed.count(family) && name.size() > std::strlen(suffix)
          && name.compare(name.size() - std::strlen(suffix), std::string::npos,
                          suffix)
               == 0)
        family = name.substr(0, name.size() - std::strlen(suffix));
    CHECK(typed.count(family) == 1);
  }
  for (auto family :
       {"troupe_sessions_online", "troupe_logins_total",
        "troupe_requests_total", "troupe_messages_stored_total",
        "troupe_pushes_sent_total", "troupe_pushes_acked_total",
        "troupe_pushes_resent_total", "troupe_pending_acks",
        "troupe_persistence_queue_depth", "troupe_persistence_batch_calls",
        "troupe_persistence_batch_seconds", "troupe_storage_errors_total",
        "troupe_actor_restarts_total", "troupe_group_actors",
        "process_resident_memory_bytes", "process_cpu_seconds_total"})
    CHECK_MESSAGE(typed.count(family) == 1, family);
  CHECK(http_call(node.port(), "POST", "/metrics").status == 405);
  // Every supervised child has its restart series from the start.
  auto samples = read_metrics(node).samples;
  CHECK(samples.at("troupe_actor_restarts_total{child=\"directory\"}") == 0);
}

TEST_CASE("metrics move with sessions, logins, requests and messages") {
  node_process node;
  auto before = read_metrics(node);
  CHECK(before["troupe_sessions_online"] == 0);
  CHECK(before["process_resident_memory_bytes"] > 1e6);

  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  {
    ws_client intruder{node.port()};
    CHECK(error_code_of(intruder.login("alice", "wrong password"))
          == "auth_failed");
  }
  make_friends(alice, "alice", bob, "bob");
  send_text(alice, "bob", "one");
  send_text(alice, "bob", "two");
  bob.ack(bob.next_push("message"));
  bob.ack(bob.next_push("message"));
  ok_data(bob.call("ping")); // behind the acks: they are counted now
  CHECK(error_code_of(alice.call(
          "send", {{"to", "nobody"}, {"kind", "text"}, {"body", "x"}}))
        == "no_such_user");
  auto group = ok_data(alice.call("group_create", {{"name", "g"}}));
  ok_data(alice.call(
    "group_send",
    {{"group_id", group["group_id"]}, {"kind", "text"}, {"body", "hi group"}}));

  auto after = read_metrics(node);
  CHECK(after["troupe_sessions_online"] == 2);
  CHECK(after["troupe_logins_total{result=\"ok\"}"]
          - before["troupe_logins_total{result=\"ok\"}"]
        == 2);
  CHECK(after["troupe_logins_total{result=\"auth_failed\"}"] == 1);
  CHECK(after["troupe_requests_total{type=\"send\",result=\"ok\"}"] == 2);
  CHECK(after["troupe_requests_total{type=\"send\",result=\"no_such_user\"}"]
        == 1);
  CHECK(after["troupe_requests_total{type=\"register\",result=\"ok\"}"] == 2);
  CHECK(after["troupe_requests_total{type=\"ack\",result=\"ok\"}"] >= 3);
  CHECK(after["troupe_requests_total{type=\"group_send\",result=\"ok\"}"] == 1);
  CHECK(after["troupe_messages_stored_total{chat=\"direct\"}"] == 2);
  CHECK(after["troupe_messages_stored_total{chat=\"group\"}"] == 1);
  // A friend request, its acceptance and two messages, each acked.
  CHECK(after["troupe_pushes_sent_total"] >= 4);
  CHECK(after["troupe_pushes_acked_total"] >= 4);
  CHECK(after["troupe_pending_acks"] == 0);
  CHECK(after["troupe_group_actors"] == 1);
  CHECK(after["troupe_persistence_batch_calls_count"]
        > before["troupe_persistence_batch_calls_count"]);
  CHECK(after["troupe_persistence_batch_seconds_count"]
        == after["troupe_persistence_batch_calls_count"]);
  CHECK(after["troupe_persistence_queue_depth"] == 0);

  bob.drop();
  // The directory learns of the drop when the session ends; presence, which
  // the directory answers, tells when it has.
  auto bob_online = [&] {
    return ok_data(alice.call("presence", {{"username", "bob"}}))["online"]
      .get<bool>();
  };
  for (int tries = 0; bob_online(); ++tries)
    REQUIRE(tries < 10000);
  CHECK(read_metrics(node)["troupe_sessions_online"] == 1);
}
