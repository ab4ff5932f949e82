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
  {2,
   "friends, messages, delivery, files, presence",
   {"ALTER TABLE users ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE users ADD COLUMN latitude REAL",
    "ALTER TABLE users ADD COLUMN longitude REAL",
    R"(CREATE TABLE friend_requests (
         request_id INTEGER PRIMARY KEY AUTOINCREMENT,
         from_id INTEGER NOT NULL,
         to_id INTEGER NOT NULL,
         note TEXT NOT NULL,
         created_at INTEGER NOT NULL,
         UNIQUE (from_id, to_id)))",
    "CREATE INDEX friend_requests_to ON friend_requests (to_id)",
    R"(CREATE TABLE friendships (
         user_id INTEGER NOT NULL,
         friend_id INTEGER NOT NULL,
         since INTEGER NOT NULL,
         PRIMARY KEY (user_id, friend_id)))",
    R"(CREATE TABLE messages (
         msg_id INTEGER PRIMARY KEY,
         sender_id INTEGER NOT NULL,
         recipient_id INTEGER,
         group_id INTEGER,
         conv_low INTEGER,
         conv_high INTEGER,
         kind TEXT NOT NULL,
         body TEXT NOT NULL,
         ts INTEGER NOT NULL,
         client_id TEXT NOT NULL,
         UNIQUE (sender_id, client_id)))",
    "CREATE INDEX messages_conversation"
    " ON messages (conv_low, conv_high, msg_id)",
    R"(CREATE TABLE pushes (
         user_id INTEGER NOT NULL,
         push_id INTEGER NOT NULL,
         payload TEXT NOT NULL,
         PRIMARY KEY (user_id, push_id)))",
    R"(CREATE TABLE files (
         file_id INTEGER PRIMARY KEY,
         uploader_id INTEGER NOT NULL,
         content_type TEXT NOT NULL,
         size INTEGER NOT NULL,
         created_at INTEGER NOT NULL))",
    R"(CREATE TABLE file_chunks (
         file_id INTEGER NOT NULL,
         seq INTEGER NOT NULL,
         data BLOB NOT NULL,
         PRIMARY KEY (file_id, seq)))",
    R"(CREATE TABLE file_grants (
         file_id INTEGER NOT NULL,
         user_id INTEGER NOT NULL,
         PRIMARY KEY (file_id, user_id)))"},
   {"ALTER TABLE users ADD COLUMN last_seen BIGINT NOT NULL DEFAULT 0,"
    " ADD COLUMN latitude DOUBLE NULL, ADD COLUMN longitude DOUBLE NULL",
    R"(CREATE TABLE friend_requests (
         request_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
         from_id BIGINT NOT NULL,
         to_id BIGINT NOT NULL,
         note TEXT NOT NULL,
         created_at BIGINT NOT NULL,
         UNIQUE KEY friend_requests_pair (from_id, to_id),
         KEY friend_requests_to (to_id)))" TROUPE_MARIADB_TABLE_OPTIONS,
    R"(CREATE TABLE friendships (
         user_id BIGINT NOT NULL,
         friend_id BIGINT NOT NULL,
         since BIGINT NOT NULL,
         PRIMARY KEY (user_id, friend_id)))" TROUPE_MARIADB_TABLE_OPTIONS,
    R"(CREATE TABLE messages (
         msg_id BIGINT NOT NULL PRIMARY KEY,
         sender_id BIGINT NOT NULL,
         recipient_id BIGINT NULL,
         group_id BIGINT NULL,
         conv_low BIGINT NULL,
         conv_high BIGINT NULL,
         kind VARCHAR(8) NOT NULL,
         body TEXT NOT NULL,
         ts BIGINT NOT NULL,
         client_id VARCHAR(255) NOT NULL,
         UNIQUE KEY messages_client (sender_id, client_id),
         KEY messages_conversation (conv_low, conv_high, msg_id)))" TROUPE_MARIADB_TABLE_OPTIONS,
    R"(CREATE TABLE pushes (
         user_id BIGINT NOT NULL,
         push_id BIGINT NOT NULL,
         payload MEDIUMTEXT NOT NULL,
         PRIMARY KEY (user_id, push_id)))" TROUPE_MARIADB_TABLE_OPTIONS,
    R"(CREATE TABLE files (
         file_id BIGINT NOT NULL PRIMARY KEY,
         uploader_id BIGINT NOT NULL,
         content_type VARCHAR(255) NOT NULL,
         size BIGINT NOT NULL,
         created_at BIGINT NOT NULL))" TROUPE_MARIADB_TABLE_OPTIONS,
    R"(CREATE TABLE file_chunks (
         file_id BIGINT NOT NULL,
         seq INT NOT NULL,
         data MEDIUMBLOB NOT NULL,
         PRIMARY KEY (file_id, seq)))" TROUPE_MARIADB_TABLE_OPTIONS,
    R"(CREATE TABLE file_grants (
         file_id BIGINT NOT NULL,
         user_id BIGINT NOT NULL,
         PRIMARY KEY (file_id, user_id)))" TROUPE_MARIADB_TABLE_OPTIONS}},
  // A group message is one row in `messages` (with `group_id`), whatever
  // the group's size; each member's `delivered_to` is the newest message of
  // the group they acknowledged, from which their backlog is read.
  {3,
   "groups and their members",
   {R"(CREATE TABLE chat_groups (
         group_id INTEGER PRIMARY KEY,
         name TEXT NOT NULL,
         state TEXT NOT NULL,
         created_at INTEGER NOT NULL))",
    R"(CREATE TABLE group_members (
         group_id INTEGER NOT NULL,
         user_id INTEGER NOT NULL,
         role TEXT NOT NULL,
         joined_at INTEGER NOT NULL,
         delivered_to INTEGER NOT NULL DEFAULT 0,
         PRIMARY KEY (group_id, user_id)))",
    "CREATE INDEX group_members_user ON group_members (user_id)",
    "CREATE INDEX messages_group ON messages (group_id, msg_id)"},
   {R"(CREATE TABLE chat_groups (
         group_id BIGINT NOT NULL PRIMARY KEY,
         name VARCHAR(255) NOT NULL,
         state VARCHAR(16) NOT NULL,
         created_at BIGINT NOT NULL))" TROUPE_MARIADB_TABLE_OPTIONS,
    R"(CREATE TABLE group_members (
         group_id BIGINT NOT NULL,
         user_id BIGINT NOT NULL,
         role VARCHAR(8) NOT NULL,
         joined_at BIGINT NOT NULL,
         delivered_to BIGINT NOT NULL DEFAULT 0,
         PRIMARY KEY (group_id, user_id),
         KEY group_members_user (user_id)))" TROUPE_MARIADB_TABLE_OPTIONS,
    "CREATE INDEX messages_group ON messages (group_id, msg_id)"}},
  // A group event (a `group_update` push) is one row in `group_events`,
  // read by each member past their `delivered_to` like the group's
  // messages; a file sent to a group is readable by its members through
  // `file_group_grants`. A removed member's row stays, marked `left_at`
  // (the removal's event), until they have acknowledged what they got
  // while a member.
  {4,
   "group events and file grants to groups",
   {R"(CREATE TABLE group_events (
         event_id INTEGER PRIMARY KEY,
         group_id INTEGER NOT NULL,
         payload TEXT NOT NULL))",
    "CREATE INDEX group_events_group ON group_events (group_id, event_id)",
    R"(CREATE TABLE file_group_grants (
         file_id INTEGER NOT NULL,
         group_id INTEGER NOT NULL,
         PRIMARY KEY (file_id, group_id)))",
    "ALTER TABLE group_members ADD COLUMN left_at INTEGER NULL"},
   {R"(CREATE TABLE group_events (
         event_id BIGINT NOT NULL PRIMARY KEY,
         group_id BIGINT NOT NULL,
         payload MEDIUMTEXT NOT NULL,
         KEY group_events_group (group_id, event_id)))" TROUPE_MARIADB_TABLE_OPTIONS,
    R"(CREATE TABLE file_group_grants (
         file_id BIGINT NOT NULL,
         group_id BIGINT NOT NULL,
         PRIMARY KEY (file_id, group_id)))" TROUPE_MARIADB_TABLE_OPTIONS,
    "ALTER TABLE group_members ADD COLUMN left_at BIGINT NULL"}},
  // A user's file quota sums the sizes of their uploads at each upload:
  // the index makes that a read of their own rows, not of every file.
  {5,
   "index of files by uploader",
   {"CREATE INDEX files_uploader ON files (uploader_id, size)"},
   {"CREATE INDEX files_uploader ON files (uploader_id, size)"}},
  // A user's pending friend requests are bounded: the one that expires
  // takes its stored push with it, so the request names that push. The
  // outgoing side is counted and ordered through the (from_id, to_id)
  // key, the incoming through this index (it ends in the request id).
  {6,
   "friend requests name their push",
   {"ALTER TABLE friend_requests ADD COLUMN push_id INTEGER NOT NULL"
    " DEFAULT 0"},
   {"ALTER TABLE friend_requests ADD COLUMN push_id BIGINT NOT NULL"
    " DEFAULT 0"}},
  // The nodes of a cluster find each other here; a node id is held by one
  // live node at a time (its lease, renewed every few seconds).
  {7,
   "cluster nodes",
   {R"(CREATE TABLE cluster_nodes (
         node_id INTEGER PRIMARY KEY,
         incarnation INTEGER NOT NULL,
         host TEXT NOT NULL,
         port INTEGER NOT NULL,
         lease_until INTEGER NOT NULL))"},
   {R"(CREATE TABLE cluster_nodes (
         node_id INT NOT NULL PRIMARY KEY,
         incarnation BIGINT NOT NULL,
         host VARCHAR(255) NOT NULL,
         port INT NOT NULL,
         lease_until BIGINT NOT NULL))" TROUPE_MARIADB_TABLE_OPTIONS}},
  // One actor of a group writes it, cluster-wide: each actor that takes a
  // group raises its owner epoch and names its node (none: never taken),
  // and each write of the group checks the epoch is still the writer's.
  {8,
   "group owner epochs",
   {"ALTER TABLE chat_groups ADD COLUMN owner_epoch INTEGER NOT NULL"
    " DEFAULT 0",
    "ALTER TABLE chat_groups ADD COLUMN owner_node INTEGER NULL",
    "ALTER TABLE chat_groups ADD COLUMN owner_incarnation INTEGER NOT NULL"
    " DEFAULT 0"},
   {"ALTER TABLE chat_groups ADD COLUMN owner_epoch BIGINT NOT NULL DEFAULT 0,"
    " ADD COLUMN owner_node INT NULL,"
    " ADD COLUMN owner_incarnation BIGINT NOT NULL DEFAULT 0"}},
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
