#include "storage/soci_adapter.hpp"

#include <filesystem>
#include <stdexcept>
#include <thread>

#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "storage/migrations.hpp"
#include "storage/soci_guarded.hpp"
#include "storage/soci_statements.hpp"

namespace troupe::storage {

namespace {

// MariaDB client and server error numbers that mean the connection is gone
// (client errors are 2000..2999; 1053 server shutdown; 1927 connection
// killed; 4031 disconnected for inactivity).
bool is_connection_loss(int mysql_errno) {
  return (mysql_errno >= 2000 && mysql_errno < 3000) || mysql_errno == 1053
         || mysql_errno == 1927 || mysql_errno == 4031;
}

// SQLite primary result codes.
constexpr int sqlite_busy = 5;
constexpr int sqlite_locked = 6;
constexpr int sqlite_readonly = 8;
constexpr int sqlite_ioerr = 10;
constexpr int sqlite_full = 13;
constexpr int sqlite_cantopen = 14;
constexpr int sqlite_constraint = 19;

/// Quotes a value for a SOCI MariaDB connection string.
std::string quoted(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\')
      out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

std::string mariadb_connect_string(const settings& s) {
  std::string out
    = "db=" + quoted(s.mariadb_database) + " user=" + quoted(s.mariadb_user)
      + " password=" + quoted(s.mariadb_password) + " charset=utf8mb4"
      + " connect_timeout=" + std::to_string(s.connect_timeout.count())
      + " read_timeout=" + std::to_string(s.io_timeout.count())
      + " write_timeout=" + std::to_string(s.io_timeout.count());
  if (!s.mariadb_socket.empty())
    out += " unix_socket=" + quoted(s.mariadb_socket);
  else
    out += " host=" + quoted(s.mariadb_host)
           + " port=" + std::to_string(s.mariadb_port);
  return out;
}

} // namespace

std::optional<backend_kind> backend_from_string(std::string_view name) {
  if (name == "sqlite")
    return backend_kind::sqlite;
  if (name == "mariadb")
    return backend_kind::mariadb;
  return std::nullopt;
}

std::string describe(const settings& s) {
  if (s.backend == backend_kind::sqlite)
    return "sqlite " + s.sqlite_path;
  auto where = s.mariadb_socket.empty()
                 ? s.mariadb_host + ":" + std::to_string(s.mariadb_port)
                 : s.mariadb_socket;
  return "mariadb " + s.mariadb_user + "@" + where + "/" + s.mariadb_database;
}

std::unique_ptr<adapter> make_adapter(const settings& s) {
  return std::make_unique<soci_adapter>(s);
}

soci_adapter::soci_adapter(settings s) : settings_(std::move(s)) {
  // nop
}

soci_adapter::~soci_adapter() = default;

detail::prepared_statements& soci_adapter::hot() {
  if (!hot_)
    hot_ = std::make_unique<detail::prepared_statements>(*sql_);
  return *hot_;
}

void soci_adapter::disconnect() {
  hot_.reset();
  sql_.reset();
  in_transaction_ = false;
  held_.rolled_back();
  contacts_ahead_.clear();
  owner_epochs_.clear();
}

// -- connection and transactions ----------------------------------------------

result<void> soci_adapter::open() {
  next_attempt_ = clock::time_point{};
  return ensure_connected();
}

const std::string& soci_adapter::last_error() const {
  return last_error_;
}

bool soci_adapter::connected() const {
  return sql_ != nullptr;
}

namespace {

/// Each connection is used by one thread at a time (its persistence
/// worker), so SQLite's per-call mutexes are pure cost: switch them off,
/// once, before the first connection.
void use_sqlite_multithread_mode() {
  static const bool configured = [] {
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    return true;
  }();
  static_cast<void>(configured);
}

} // namespace

std::unique_ptr<soci::session> soci_adapter::open_session() const {
  auto sql = std::make_unique<soci::session>();
  if (settings_.backend == backend_kind::sqlite) {
    use_sqlite_multithread_mode();
    auto dir = std::filesystem::path{settings_.sqlite_path}.parent_path();
    if (!dir.empty())
      std::filesystem::create_directories(dir);
    sql->open(soci::sqlite3, "db=" + settings_.sqlite_path + " timeout=5");
  } else {
    sql->open(soci::mysql, mariadb_connect_string(settings_));
  }
  return sql;
}

namespace {

/// Puts a SQLite database in WAL mode. The switch takes a lock that SQLite's
/// busy timeout does not wait for: another connection opening the same new
/// file at that moment makes it fail with "database is locked". It is
/// tried again for about as long as the busy timeout would wait.
void switch_to_wal(soci::session& sql) {
  constexpr int attempts = 100;
  for (int attempt = 1;; ++attempt) {
    try {
      std::string mode;
      sql << "PRAGMA journal_mode=WAL", soci::into(mode);
      return;
    } catch (const soci::sqlite3_soci_error& e) {
      auto code = e.result() & 0xff;
      if ((code != sqlite_busy && code != sqlite_locked) || attempt == attempts)
        throw;
      std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
  }
}

} // namespace

void soci_adapter::prepare_session(soci::session& sql) const {
  if (settings_.backend == backend_kind::sqlite) {
    switch_to_wal(sql);
    sql << (settings_.sqlite_full_sync ? "PRAGMA synchronous=FULL"
                                       : "PRAGMA synchronous=NORMAL");
    // SQLite's automatic checkpoint (every 1000 pages of log, after a
    // commit) keeps the log short once no statement holds a read
    // transaction open between calls; the file itself keeps the size of
    // its largest log unless limited.
    sql << "PRAGMA journal_size_limit="
             + std::to_string(settings_.sqlite_journal_size_limit);
    sql << "PRAGMA foreign_keys=ON";
  } else {
    sql << "SET SESSION sql_mode='STRICT_ALL_TABLES,NO_ZERO_DATE,"
           "NO_ENGINE_SUBSTITUTION'";
    sql << "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED";
  }
  migrate(sql, settings_.backend);
}

result<void> soci_adapter::ensure_connected() {
  if (sql_)
    return {};
  auto now = clock::now();
  if (now < next_attempt_)
    return errc::unavailable;
  auto failed = [&](errc code, const char* what) {
    next_attempt_ = now + settings_.reconnect_interval;
    last_error_ = what;
    return code;
  };
  std::unique_ptr<soci::session> sql;
  try {
    sql = open_session();
  } catch (const std::exception& e) {
    return failed(errc::unavailable, e.what());
  }
  // A fault from here on is a schema fault unless the connection broke.
  try {
    prepare_session(*sql);
  } catch (const soci::soci_error& e) {
    auto code
      = classify(e) == errc::unavailable ? errc::unavailable : errc::internal;
    return failed(code, e.what());
  } catch (const std::exception& e) {
    return failed(errc::internal, e.what());
  }
  disconnect();
  sql_ = std::move(sql);
  last_error_.clear();
  return {};
}

errc soci_adapter::classify(const soci::soci_error& e) {
  last_error_ = e.what();
  auto lost = false;
  auto code = errc::internal;
  if (auto* my = dynamic_cast<const soci::mysql_soci_error*>(&e)) {
    if (my->err_num_ == 1062) {
      code = errc::conflict;
    } else if (is_connection_loss(my->err_num_)) {
      code = errc::unavailable;
      lost = true;
    } else if (my->err_num_ == 1205 || my->err_num_ == 1213) {
      code = errc::unavailable; // lock wait timeout, deadlock: retry later
    }
  } else if (auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    switch (lite->result() & 0xff) {
      case sqlite_constraint: code = errc::conflict; break;
      case sqlite_busy:
      case sqlite_locked: code = errc::unavailable; break;
      case sqlite_readonly:
      case sqlite_ioerr:
      case sqlite_full:
      case sqlite_cantopen:
        code = errc::unavailable;
        lost = true;
        break;
      default: break;
    }
  }
  if (lost) {
    // Reconnect on the next call; a failing reconnect then throttles itself.
    disconnect();
  }
  return code;
}

result<void> soci_adapter::ping() {
  return guarded<void>([](soci::session& sql) {
    int one = 0;
    sql << "SELECT 1", soci::into(one);
    return result<void>{};
  });
}

result<void> soci_adapter::begin() {
  return guarded<void>([this](soci::session& sql) {
    sql << (settings_.backend == backend_kind::sqlite ? "BEGIN IMMEDIATE"
                                                      : "START TRANSACTION");
    in_transaction_ = true;
    owner_epochs_.clear();
    if (!on_sqlite())
      held_.begin();
    return result<void>{};
  });
}

result<void> soci_adapter::commit() {
  if (!sql_ || !in_transaction_)
    return errc::unavailable;
  return guarded_reading_held<void>([this](soci::session& sql) {
    sql << "COMMIT";
    in_transaction_ = false;
    held_.committed();
    contacts_ahead_.clear();
    owner_epochs_.clear();
    return result<void>{};
  });
}

void soci_adapter::rollback() {
  if (!sql_ || !in_transaction_)
    return;
  in_transaction_ = false;
  held_.rolled_back();
  contacts_ahead_.clear();
  owner_epochs_.clear();
  try {
    *sql_ << "ROLLBACK";
  } catch (const soci::soci_error& e) {
    classify(e);
  }
}

} // namespace troupe::storage
