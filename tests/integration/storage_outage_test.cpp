// Storage that goes away and comes back (MariaDB only: the test runs its
// own MariaDB server so that it can stop and start it).

#include <stdexcept>

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;

namespace {

/// A MariaDB server of this test's own, on a port of its own.
class private_mariadb {
 public:
  private_mariadb() : dir_(make_temp_dir() + "/mariadb") {
    run("start");
    port_ = static_cast<std::uint16_t>(std::stoi(read_file(dir_ + "/port")));
    stop();
  }

  ~private_mariadb() { stop(); }

  std::uint16_t port() const { return port_; }

  /// Starts the server again on its port, with its data.
  void resume() { run("resume", std::to_string(port_)); }

  void stop() { run("stop"); }

 private:
  void run(const std::string& cmd, const std::string& extra = {}) {
    std::vector<std::string> argv{
      "/bin/bash", TROUPE_SOURCE_DIR "/tests/support/mariadb.sh", cmd, dir_};
    if (!extra.empty())
      argv.push_back(extra);
    if (wait_for_exit(spawn_process(argv, -1, 2)) != 0)
      throw std::runtime_error("mariadb.sh " + cmd + " failed");
  }

  std::string dir_;
  std::uint16_t port_ = 0;
};

/// Asks /healthz until it answers `status` or the deadline passes; each
/// call is a real round trip that also lets the node retry its storage.
bool healthz_becomes(const node_process& node, unsigned status) {
  auto deadline = std::chrono::steady_clock::now() + io_deadline;
  while (std::chrono::steady_clock::now() < deadline)
    if (http_call(node.port(), "GET", "/healthz").status == status)
      return true;
  return false;
}

} // namespace

TEST_CASE("requests answer unavailable while storage is down, and the node "
          "recovers by itself") {
  if (!test_backend::from_environment().mariadb) {
    MESSAGE("MariaDB only: SQLite cannot go away under a running node");
    return;
  }
  private_mariadb db;
  node_process node{
    {"--storage.backend=mariadb", "--storage.mariadb_host=127.0.0.1",
     "--storage.mariadb_port=" + std::to_string(db.port()),
     std::string{"--storage.mariadb_user="} + test_mariadb_user,
     std::string{"--storage.mariadb_password="} + test_mariadb_password,
     "--storage.mariadb_database=troupe", "--storage.reconnect_interval=50ms",
     "--storage.connect_timeout=1s"}};
  CHECK(node.log().find("unreachable") != std::string::npos);
  ws_client c{node.port()};
  auto down = [&] {
    CHECK(error_code_of(c.call(
            "register", {{"username", "alice"}, {"password", "correct horse"}}))
          == "unavailable");
    CHECK(http_call(node.port(), "GET", "/healthz").status == 503);
    CHECK(ok_data(c.call("ping"))["time"].is_number());
  };
  down();
  db.resume();
  CHECK(healthz_becomes(node, 200));
  register_user(c, "alice");
  ok_data(c.login("alice", "correct horse"));
  db.stop();
  CHECK(healthz_becomes(node, 503));
  CHECK(error_code_of(c.call("update_profile", {{"bio", "x"}}))
        == "unavailable");
  db.resume();
  CHECK(healthz_becomes(node, 200));
  ok_data(c.call("update_profile", {{"bio", "back"}}));
}
