#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "storage/settings.hpp"
#include "tests/support/test_backend.hpp"

namespace troupe::test {

// -- fresh stores -------------------------------------------------------------

/// Returns settings for a new, empty store on the backend that CTest names:
/// an SQLite file in a new directory under `dir` (made when empty), or a new
/// database on the throwaway MariaDB server, reached over TCP as the tests'
/// account.
inline storage::settings fresh_settings(std::string dir = {}) {
  auto backend = test_backend::from_environment();
  storage::settings s;
  if (!backend.mariadb) {
    if (dir.empty())
      dir = make_temp_dir();
    s.backend = storage::backend_kind::sqlite;
    s.sqlite_path = dir + "/troupe.db";
    return s;
  }
  s.backend = storage::backend_kind::mariadb;
  s.mariadb_host = "127.0.0.1";
  s.mariadb_port = backend.port;
  s.mariadb_user = test_mariadb_user;
  s.mariadb_password = test_mariadb_password;
  s.mariadb_database = backend.create_database();
  return s;
}

/// A new, empty store for one test; an SQLite store's directory goes with it.
/// MariaDB databases stay: the throwaway server is wiped on its next start.
struct fresh_store {
  fresh_store() : dir(make_temp_dir()), settings(fresh_settings(dir)) {
    // nop
  }

  ~fresh_store() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }

  fresh_store(const fresh_store&) = delete;
  fresh_store& operator=(const fresh_store&) = delete;

  /// A scratch directory of the test's own; holds the SQLite file.
  std::string dir;
  storage::settings settings;
};

/// Returns whether CTest runs this binary against MariaDB.
inline bool on_mariadb() {
  return test_backend::from_environment().mariadb;
}

// -- looking behind the adapter's back ----------------------------------------

/// Opens a SOCI session of the test's own on the store `s` names, to read
/// and plant rows without the adapter.
inline std::unique_ptr<soci::session> open_raw(const storage::settings& s) {
  auto sql = std::make_unique<soci::session>();
  if (s.backend == storage::backend_kind::sqlite) {
    sql->open(soci::sqlite3, "db=" + s.sqlite_path + " timeout=5");
  } else {
    sql->open(soci::mysql,
              "db=" + s.mariadb_database + " user=" + s.mariadb_user
                + " password=" + s.mariadb_password + " host=" + s.mariadb_host
                + " port=" + std::to_string(s.mariadb_port)
                + " charset=utf8mb4");
  }
  return sql;
}

/// Returns the versions recorded in `schema_migrations`, in ascending order.
inline std::vector<int> recorded_versions(soci::session& sql) {
  int count = 0;
  sql << "SELECT COUNT(*) FROM schema_migrations", soci::into(count);
  std::vector<int> versions;
  if (count == 0)
    return versions;
  versions.resize(static_cast<std::size_t>(count));
  sql << "SELECT version FROM schema_migrations ORDER BY version",
    soci::into(versions);
  return versions;
}

/// Returns whether the store holds a table named `name`.
inline bool has_table(soci::session& sql, storage::backend_kind backend,
                      const std::string& name) {
  int count = 0;
  if (backend == storage::backend_kind::sqlite)
    sql << "SELECT COUNT(*) FROM sqlite_master"
           " WHERE type = 'table' AND name = :n",
      soci::into(count), soci::use(name);
  else
    sql << "SELECT COUNT(*) FROM information_schema.tables"
           " WHERE table_schema = DATABASE() AND table_name = :n",
      soci::into(count), soci::use(name);
  return count > 0;
}

/// Returns the number of rows in `users`.
inline int user_count(soci::session& sql) {
  int count = 0;
  sql << "SELECT COUNT(*) FROM users", soci::into(count);
  return count;
}

} // namespace troupe::test
