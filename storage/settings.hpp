#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace troupe::storage {

enum class backend_kind {
  /// SQLite in one file: the embedded default, one node only.
  sqlite,
  /// A MariaDB server: production and clusters.
  mariadb,
};

/// Returns the backend named `name` ("sqlite" or "mariadb"), if any.
std::optional<backend_kind> backend_from_string(std::string_view name);

/// Where and how to store, from `[storage]`.
struct settings {
  backend_kind backend = backend_kind::sqlite;
  std::string sqlite_path = "troupe.db";
  /// `PRAGMA synchronous=FULL` when true (a commit survives a power cut),
  /// else NORMAL (a commit survives a crash of the process only).
  bool sqlite_full_sync = true;
  /// `PRAGMA journal_size_limit`: bytes the -wal file is cut back to when
  /// the log starts again after a checkpoint that copied all of it.
  std::int64_t sqlite_journal_size_limit = 64 * 1024 * 1024;
  std::string mariadb_host = "127.0.0.1";
  std::uint16_t mariadb_port = 3306;
  /// A Unix socket path; when set it is used instead of host and port.
  std::string mariadb_socket;
  std::string mariadb_user = "troupe";
  std::string mariadb_password;
  std::string mariadb_database = "troupe";
  /// How long connecting may take before the store counts as down.
  std::chrono::seconds connect_timeout{3};
  /// How long one read or write on the MariaDB connection may take.
  std::chrono::seconds io_timeout{10};
  /// How often a worker retries a store that is down; calls in between fail
  /// at once with `unavailable`.
  std::chrono::milliseconds reconnect_interval{1000};
};

/// Returns a one-line description without secrets, e.g. "sqlite troupe.db".
std::string describe(const settings& s);

} // namespace troupe::storage
