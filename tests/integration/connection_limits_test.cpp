// The node's sockets are bounded, over real sockets: in all and per client
// address, and when the process runs out of file descriptors the accept
// loop waits for some to be freed instead of spinning.

#include <sys/resource.h>

#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;
using std::chrono::steady_clock;

namespace {

/// Returns whether a WebSocket to the node opens (the handshake completes).
bool can_open(std::uint16_t port) {
  try {
    ws_client c{port};
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

/// Tries to open a WebSocket until it opens or `io_deadline` passes: a
/// socket the node is still closing holds its slot a little longer.
bool opens_eventually(std::uint16_t port) {
  auto deadline = steady_clock::now() + io_deadline;
  while (steady_clock::now() < deadline)
    if (can_open(port))
      return true;
  return false;
}

/// Returns `troupe_connections_refused_total` from the node's /metrics,
/// retrying while the scrape's own socket is refused.
double refused_connections(std::uint16_t port) {
  const std::string series = "\ntroupe_connections_refused_total ";
  auto deadline = steady_clock::now() + io_deadline;
  while (steady_clock::now() < deadline) {
    try {
      auto body = http_call(port, "GET", "/metrics").body;
      auto at = body.find(series);
      REQUIRE(at != std::string::npos);
      return std::stod(body.substr(at + series.size()));
    } catch (const std::exception&) {
      // refused: a closing socket still holds its slot
    }
  }
  FAIL("no /metrics scrape got through");
  return 0;
}

std::size_t open_files(int pid) {
  std::size_t n = 0;
  auto* dir = opendir(("/proc/" + std::to_string(pid) + "/fd").c_str());
  REQUIRE(dir != nullptr);
  while (auto* entry = readdir(dir))
    if (entry->d_name[0] != '.')
      ++n;
  closedir(dir);
  return n;
}

/// Returns the CPU time process `pid` used so far, in clock ticks.
long cpu_ticks(int pid) {
  std::ifstream stat{"/proc/" + std::to_string(pid) + "/stat"};
  std::string all;
  std::getline(stat, all);
  // Fields after the command name, which ends with the last ')'.
  std::istringstream rest{all.substr(all.rfind(')') + 2)};
  std::string field;
  long utime = 0;
  long stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14)
      utime = std::stol(field);
    if (i == 15)
      stime = std::stol(field);
  }
  return utime + stime;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1))
    ++n;
  return n;
}

} // namespace

TEST_CASE("one address holds at most net.max_connections_per_address "
          "sockets; a freed one can be taken again") {
  node_process node{{"--net.max_connections_per_address=3"}};
  std::vector<ws_client> held;
  for (int i = 0; i < 3; ++i)
    held.emplace_back(node.port());
  CHECK(!can_open(node.port()));
  // An HTTP request needs a socket too.
  CHECK_THROWS(http_call(node.port(), "GET", "/healthz"));
  held.back().drop();
  held.pop_back();
  CHECK(opens_eventually(node.port()));
}

TEST_CASE("the node holds at most net.max_connections sockets") {
  node_process node{
    {"--net.max_connections=2", "--net.max_connections_per_address=0"}};
  ws_client a{node.port()};
  ws_client b{node.port()};
  CHECK(!can_open(node.port()));
  CHECK(!can_open(node.port()));
  ok_data(a.call("ping"));
  b.drop();
  CHECK(opens_eventually(node.port()));
  // The refusals are counted for the operator.
  CHECK(refused_connections(node.port()) >= 2);
}

TEST_CASE("out of file descriptors, the accept loop waits instead of "
          "spinning, says so once, and accepts again once some are free") {
  node_process node;
  // Room for two more sockets only.
  rlimit tight{};
  tight.rlim_cur = tight.rlim_max = open_files(node.pid()) + 2;
  REQUIRE(prlimit(node.pid(), RLIMIT_NOFILE, &tight, nullptr) == 0);
  // Connections that say nothing, each holding a socket of the node.
  std::vector<std::unique_ptr<raw_connection>> clients;
  for (int i = 0; i < 6; ++i)
    clients.push_back(std::make_unique<raw_connection>(node.port()));
  auto deadline = steady_clock::now() + io_deadline;
  while (count_of(node.log(), "cannot accept connections") == 0
         && steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  REQUIRE(count_of(node.log(), "cannot accept connections") == 1);
  // A spinning loop would take a whole core; a waiting one next to nothing.
  // (A measurement over one second, not a wait for anything.)
  auto ticks_before = cpu_ticks(node.pid());
  std::this_thread::sleep_for(std::chrono::seconds{1});
  auto used = cpu_ticks(node.pid()) - ticks_before;
  CHECK(used < sysconf(_SC_CLK_TCK) / 4);
  CHECK(count_of(node.log(), "cannot accept connections") == 1);
  clients.clear();
  CHECK(opens_eventually(node.port()));
}
