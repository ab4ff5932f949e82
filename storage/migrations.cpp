#include "storage/migrations.hpp"

#include <chrono>
#include <stdexcept>
#include <string>

#include <soci/soci.h>

namespace troupe::storage {

namespace {

// -- the schema, one migration per step ---------------------------------------

// MariaDB tables compare text byte for byte, as SQLite does: binary, and
// NO PAD (utf8mb4_bin would ignore trailing spaces: 'alice' = 'alice ').
#define TROUPE_MARIADB_TABLE_OPTIONS                                           \
  " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin"

const std::vector<migration> all_migrations{
  {1,
   "users with profile",
   {R"(CREATE TABLE users (
         user_id INTEGER PRIMARY KEY AUTOINCREMENT,
         username TEXT NOT NULL UNIQUE,
         password_hash TEXT NOT NULL,
         nickname TEXT NOT NULL DEFAULT '',
         email TEXT NOT NULL DEFAULT '',
         phone TEXT NOT NULL DEFAULT '',
         avatar TEXT NOT NULL DEFAULT '',
         location TEXT NOT NULL DEFAULT '',
         bio TEXT NOT NULL DEFAULT '',
         public_key TEXT NOT NULL DEFAULT '',
         created_at INTEGER NOT NULL))"},
   {R"(CREATE TABLE users (
         user_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
         username VARCHAR(32) NOT NULL,
         password_hash VARCHAR(255) NOT NULL,
         nickname TEXT NOT NULL DEFAULT '',
         email TEXT NOT NULL DEFAULT '',
         phone TEXT NOT NULL DEFAULT '',
         avatar TEXT NOT NULL DEFAULT '',
         location TEXT NOT NULL DEFAULT '',
         bio TEXT NOT NULL DEFAULT '',
         public_key TEXT NOT NULL DEFAULT '',
         created_at BIGINT NOT NULL,
         UNIQUE KEY users_username (username)))" TROUPE_MARIADB_TABLE_OPTIONS}},
};

#undef TROUPE_MARIADB_TABLE_OPTIONS

constexpr std::string_view create_version_table
  = "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER NOT NULL PRIMARY KEY,"
    " description VARCHAR(200) NOT NULL,"
    " applied_at BIGINT NOT NULL)";

int applied_version(soci::session& sql) {
  int version = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
  return ind == soci::i_ok ? version : 0;
}

long long now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
    .count();
}

void apply(soci::session& sql, backend_kind backend, const migration& m) {
  auto& statements = backend == backend_kind::sqlite ? m.sqlite : m.mariadb;
  for (auto stmt : statements)
    sql << std::string{stmt};
  std::string description{m.description};
  long long applied_at = now_ms();
  sql << "INSERT INTO schema_migrations (version, description, applied_at)"
         " VALUES (:v, :d, :t)",
    soci::use(m.version), soci::use(description), soci::use(applied_at);
}

void check_not_newer(int version) {
  if (version > latest_schema_version())
    throw std::runtime_error(
      "the database schema is version " + std::to_string(version)
      + ", newer than this troupe-node knows ("
      + std::to_string(latest_schema_version()) + "); upgrade troupe-node");
}

// SQLite runs DDL in transactions: one write transaction holds the schema
// still while a node migrates, and a failed step leaves nothing behind.
void migrate_sqlite(soci::session& sql) {
  sql << std::string{create_version_table};
  sql << "BEGIN IMMEDIATE";
  try {
    auto version = applied_version(sql);
    check_not_newer(version);
    for (auto& m : all_migrations)
      if (m.version > version)
        apply(sql, backend_kind::sqlite, m);
    sql << "COMMIT";
  } catch (...) {
    sql << "ROLLBACK";
    throw;
  }
}

void release_schema_lock(soci::session& sql) {
  int released = 0;
  sql << "SELECT RELEASE_LOCK('troupe_schema')", soci::into(released);
}

// MariaDB commits DDL implicitly, so a named lock keeps two nodes from
// migrating at once and each step is recorded right after it ran.
void migrate_mariadb(soci::session& sql) {
  sql << std::string{create_version_table};
  int locked = 0;
  sql << "SELECT GET_LOCK('troupe_schema', 60)", soci::into(locked);
  if (locked != 1)
    throw std::runtime_error("timed out waiting for the schema lock");
  try {
    auto version = applied_version(sql);
    check_not_newer(version);
    for (auto& m : all_migrations)
      if (m.version > version)
        apply(sql, backend_kind::mariadb, m);
  } catch (...) {
    release_schema_lock(sql);
    throw;
  }
  release_schema_lock(sql);
}

} // namespace

const std::vector<migration>& migrations() {
  return all_migrations;
}

int latest_schema_version() {
  return all_migrations.back().version;
}

void migrate(soci::session& sql, backend_kind backend) {
  if (backend == backend_kind::sqlite)
    migrate_sqlite(sql);
  else
    migrate_mariadb(sql);
}

} // namespace troupe::storage
