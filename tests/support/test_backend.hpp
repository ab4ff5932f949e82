#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace troupe::test {

/// Which store the integration tests run on, from the environment that
/// CTest sets: TROUPE_TEST_BACKEND ("sqlite" or "mariadb") and, for MariaDB,
/// TROUPE_TEST_MARIADB_DIR of the throwaway server that
/// `tests/support/mariadb.sh` runs.
struct test_backend {
  bool mariadb = false;
  std::uint16_t port = 0;
  std::string socket;

  static test_backend from_environment();

  /// Creates an empty MariaDB database and returns its name.
  std::string create_database() const;

  /// Returns `--storage.*` options for a node on a fresh, empty store:
  /// a new SQLite file in `dir`, or a new MariaDB database.
  std::vector<std::string> fresh_store_args(const std::string& dir) const;
};

/// The MariaDB account the tests' server grants everything to.
constexpr const char* test_mariadb_user = "troupe";
constexpr const char* test_mariadb_password = "troupe-test";

/// Returns a TCP port on 127.0.0.1 that was free a moment ago.
std::uint16_t free_tcp_port();

/// Returns a new empty directory under the system's temp directory.
std::string make_temp_dir();

/// Returns the contents of the file at `path`; empty when unreadable.
std::string read_file(const std::string& path);

/// Starts `argv` (argv[0] is a path) with stdout to `stdout_fd` (unless
/// negative) and stderr to `stderr_fd`; returns its pid.
int spawn_process(const std::vector<std::string>& argv, int stdout_fd,
                  int stderr_fd);

/// Waits for process `pid` to exit within the test deadline and returns its
/// exit status (128 + signal when killed); kills it and throws on timeout.
int wait_for_exit(int pid);

} // namespace troupe::test
