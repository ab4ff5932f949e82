// troupe-cli's interactive mode driven through pipes, as a person at a
// terminal would drive it: pushes show up as they arrive and are acked.

#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_process.hpp"
#include "tests/support/node_process.hpp"
#include "tests/support/ws_client.hpp"

using troupe::test::interactive_cli;
using troupe::test::node_process;
using troupe::test::run_cli;
using troupe::test::ws_client;

namespace {

const std::string password = "correct horse";

void run_ok(const node_process& node, const std::vector<std::string>& args) {
  auto r = run_cli(node.port(), args, password);
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.status == 0);
}

} // namespace

TEST_CASE("interactive: incoming messages are shown and acknowledged, "
          "commands answered") {
  node_process node;
  run_ok(node, {"register", "alice"});
  run_ok(node, {"register", "bob"});

  interactive_cli bob{node.port(), {"--user", "bob"}, password};
  bob.read_until("logged in as bob");

  // A friend request while bob is online: shown at once.
  run_ok(node, {"--user", "alice", "friend", "request", "bob", "it's me"});
  auto shown = bob.read_until("it's me");
  CHECK(shown.find("friend request #") != std::string::npos);
  auto id_at = shown.find('#') + 1;
  auto request_id = shown.substr(id_at, shown.find(' ', id_at) - id_at);

  bob.send_line("friend accept " + request_id);
  bob.read_until("accepted");

  run_ok(node, {"--user", "alice", "send", "bob", "are you there?"});
  bob.read_until("alice → bob: are you there?");

  bob.send_line("send alice \"yes, here\"");
  bob.read_until("sent (#");
  bob.send_line("history alice");
  auto history = bob.read_until("bob → alice: yes, here");
  CHECK(history.find("alice → bob: are you there?") != std::string::npos);

  bob.send_line("no-such-command");
  bob.send_line("quit");
  CHECK(bob.finish() == 0);
  CHECK(bob.errors().find("unknown command 'no-such-command'")
        != std::string::npos);

  // Acked, so not delivered again: bob's next session gets the next
  // message first (unacked pushes would come before it, in order).
  ws_client again{node.port()};
  REQUIRE(again.login("bob", password)["type"] == "ok");
  run_ok(node, {"--user", "alice", "send", "bob", "second"});
  auto next = again.next_push("message");
  CHECK(next["body"] == "second");
}

TEST_CASE("interactive: log in at the prompt, --json prints pushes as JSON "
          "lines, the end of input quits") {
  node_process node;
  run_ok(node, {"register", "dave"});
  run_ok(node, {"register", "erin"});
  run_ok(node, {"--user", "dave", "friend", "request", "erin"});

  interactive_cli erin{node.port(), {"--json"}, password};
  erin.send_line("ping");
  erin.read_until("{\"time\":");
  erin.send_line("login erin");
  erin.read_until("\"username\":\"erin\"}");
  // The friend request waited for erin's login; it comes as a JSON line
  // (the welcome push, another line, may come before or after the reply).
  auto head = erin.read_until("\"type\":\"friend_request\"");
  auto line = head.substr(head.rfind('\n') + 1) + erin.read_until("\n");
  auto push = nlohmann::json::parse(line);
  CHECK(push["type"] == "friend_request");
  CHECK(push["from"] == "dave");
  erin.send_line("logout");
  erin.read_until("\"reason\":\"logout\"");
  CHECK(erin.finish() == 0);
}

TEST_CASE("interactive: pings keep a session that only reads open") {
  node_process node{
    {"--heartbeat.timeout=1s", "--heartbeat.check_interval=100ms"}};
  run_ok(node, {"register", "gina"});
  run_ok(node, {"register", "hugo"});

  interactive_cli pinging{
    node.port(), {"--user", "gina", "--keepalive=0.2"}, password};
  pinging.read_until("logged in as gina");
  interactive_cli silent{
    node.port(), {"--user", "hugo", "--keepalive=0"}, password};
  silent.read_until("logged in as hugo");

  // The silent session is closed as idle; the pinging one, idle for
  // longer, still holds its login.
  silent.read_until("the node ends this session: idle_timeout");
  pinging.send_line("friends");
  pinging.read_until("(no friends yet)");
  pinging.send_line("quit");
  CHECK(pinging.finish() == 0);
  CHECK(silent.finish() == 0);
}

TEST_CASE("interactive: a login elsewhere ends the session, the next "
          "command connects again") {
  node_process node;
  run_ok(node, {"register", "ivan"});
  interactive_cli ivan{node.port(), {"--user", "ivan"}, password};
  ivan.read_until("logged in as ivan");
  run_ok(node, {"--user", "ivan", "ping"});
  ivan.read_until("the node ends this session: replaced");
  ivan.send_line("ping");
  ivan.read_until("pong");
  ivan.send_line("login ivan");
  ivan.read_until("logged in as ivan");
  CHECK(ivan.finish() == 0);
}
