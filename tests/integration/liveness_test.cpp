// Heartbeat and shutdown over real sockets. Timeouts here are short real
// times; the tests wait on the node's own close, never on a sleep.

#include <thread>

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace std::chrono_literals;
using namespace troupe::test;

TEST_CASE("an idle session is closed with idle_timeout") {
  node_process node{
    {"--heartbeat.timeout=1s", "--heartbeat.check_interval=100ms"}};
  auto alice = logged_in(node.port(), "alice");
  auto started = std::chrono::steady_clock::now();
  std::vector<json> frames;
  CHECK(alice.read_until_closed(&frames) == 1000);
  CHECK(std::chrono::steady_clock::now() - started >= 900ms);
  REQUIRE(!frames.empty());
  CHECK(frames.back() == json{{"type", "closing"}, {"reason", "idle_timeout"}});
}

TEST_CASE("WebSocket pings keep a session alive") {
  node_process node{
    {"--heartbeat.timeout=2s", "--heartbeat.check_interval=100ms"}};
  auto alice = logged_in(node.port(), "alice");
  // Four seconds of pings only, one every 100 ms: twice the timeout.
  auto until = std::chrono::steady_clock::now() + 4s;
  while (std::chrono::steady_clock::now() < until) {
    alice.send_ping();
    std::this_thread::sleep_for(100ms); // pacing, not synchronisation
  }
  CHECK(ok_data(alice.call("ping"))["time"].is_number());
}

TEST_CASE("stopping the node tells every session server_shutdown") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  ws_client anonymous{node.port()};
  node.terminate();
  for (auto* c : {&alice, &bob}) {
    std::vector<json> frames;
    CHECK(c->read_until_closed(&frames) == 1001);
    REQUIRE(!frames.empty());
    CHECK(frames.back()
          == json{{"type", "closing"}, {"reason", "server_shutdown"}});
  }
  CHECK(node.wait() == 0);
}
