#pragma once

// The statements on the hot path of sending and delivering messages,
// prepared once per connection: SQLite then parses each statement once
// instead of on every call. A statement binds to the members of its struct,
// so a call sets the inputs, runs it, and reads the outputs. Internal to
// the soci_*.cpp files.

#include <array>
#include <string>
#include <utility>

#include <soci/soci.h>

#include "protocol/profile.hpp"
#include "storage/soci_rows.hpp"

namespace soci {
struct sqlite3_statement_backend;
} // namespace soci

namespace troupe::storage::detail {

/// A statement prepared once and run many times, each run over when the
/// call that ran it returns. SQLite keeps a statement that stopped on a row
/// open, and an open statement keeps its connection's read transaction:
/// the point of the log it reads from stops every checkpoint there and the
/// log never starts again from its beginning, so the -wal file grows with
/// every commit for as long as the connection lives. SOCI 4.0.3 resets a
/// statement only when it runs it again; here every run ends with a reset.
/// MariaDB's client takes a result whole and the server keeps nothing
/// open: there a run needs no ending.
class reusable_statement {
 public:
  /// Takes `st`, prepared on `sql` with its `into` and `use` bindings.
  reusable_statement(soci::session& sql, const soci::statement& st);

  /// Runs a statement that returns no rows (an INSERT or DELETE).
  void run();

  /// Runs the statement and reads its first row, if any, into the `into`
  /// bindings; returns whether there was one.
  bool run_for_one_row();

  /// Runs the statement; `next_row` then reads its rows one at a time.
  void run_for_rows();

  /// Reads the next row into the `into` bindings; returns false, with the
  /// run over, when no row is left.
  bool next_row();

 private:
  /// Lets go of what the last run still holds.
  void end_run();

  soci::statement st_;
  /// The statement's SQLite side; null on MariaDB.
  soci::sqlite3_statement_backend* sqlite_ = nullptr;
};

/// `SELECT ... FROM users WHERE username = ?`
struct user_by_name_statement {
  explicit user_by_name_statement(soci::session& sql);

  std::string name;
  long long uid = 0;
  std::string username;
  std::string password_hash;
  std::array<std::string, protocol::profile_field_count> profile;
  long long created_at = 0;
  reusable_statement st;
};

/// `SELECT COUNT(*) FROM friendships WHERE user_id = ? AND friend_id = ?`
struct friendship_statement {
  explicit friendship_statement(soci::session& sql);

  long long user = 0;
  long long other = 0;
  int count = 0;
  reusable_statement st;
};

/// `SELECT user_id, username, <is friend of viewer> FROM users
/// WHERE username = ?`
struct contact_statement {
  explicit contact_statement(soci::session& sql);

  long long viewer = 0;
  std::string name;
  long long uid = 0;
  std::string username;
  int friendships = 0;
  reusable_statement st;
};

/// `SELECT ... FROM messages WHERE sender_id = ? AND client_id = ?`
struct message_by_client_statement {
  explicit message_by_client_statement(soci::session& sql);

  long long sender = 0;
  std::string client_id;
  long long msg_id = 0;
  long long recipient = 0;
  soci::indicator recipient_ind = soci::i_null;
  long long group = 0;
  soci::indicator group_ind = soci::i_null;
  std::string kind;
  std::string body;
  long long ts = 0;
  reusable_statement st;
};

/// `INSERT INTO <table> ... VALUES (:column, ...)`: SQLite's INSERT of a
/// `Row`, prepared once with a placeholder per column (soci_rows.hpp).
template <class Row>
struct insert_statement {
  explicit insert_statement(soci::session& sql);

  /// Inserts `r`; throws like any statement (a row that breaks a
  /// uniqueness rule: a constraint fault).
  void run(Row r) {
    row = std::move(r);
    st.run();
  }

  /// The values of the next run, bound to the statement.
  Row row;
  reusable_statement st;
};

/// `DELETE FROM pushes WHERE (user_id = ? AND push_id IN (?))`: SQLite's
/// DELETE of one acknowledged push (soci_rows.hpp).
struct push_delete_statement {
  explicit push_delete_statement(soci::session& sql);

  long long user = 0;
  long long push_id = 0;
  reusable_statement st;
};

/// `SELECT push_id, payload FROM pushes WHERE user_id = ? AND push_id > ?
/// ORDER BY push_id LIMIT ?`
struct pushes_after_statement {
  explicit pushes_after_statement(soci::session& sql);

  long long user = 0;
  long long after = 0;
  long long limit = 0;
  long long push_id = 0;
  std::string payload;
  reusable_statement st;
};

/// Every hot statement of one connection.
struct prepared_statements {
  explicit prepared_statements(soci::session& sql);

  user_by_name_statement user_by_name;
  friendship_statement friendship;
  contact_statement contact;
  message_by_client_statement message_by_client;
  insert_statement<message_row> message_insert;
  insert_statement<push_row> push_insert;
  push_delete_statement push_delete;
  pushes_after_statement pushes_after;
};

} // namespace troupe::storage::detail
