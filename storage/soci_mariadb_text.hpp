#pragma once

// Statements written out in full for MariaDB, for the few that carry a
// whole batch's rows: SOCI binds a fixed number of values per statement and
// scans the text for `:name` placeholders, so these go to the connection
// itself. Values are escaped by the client library.

#include <string>

#include <mysql.h>

namespace soci {
class session;
} // namespace soci

namespace troupe::storage::detail {

/// The MariaDB connection under a SOCI session on the mysql backend.
MYSQL* native_connection(soci::session& sql);

/// Appends `text` as a quoted string literal, escaped for the connection's
/// character set.
void append_literal(MYSQL* conn, std::string& sql, const std::string& text);

/// Runs `statement`; throws `soci::mysql_soci_error` like a SOCI statement,
/// so failures map to the same `errc`s.
void run_statement(MYSQL* conn, const std::string& statement);

/// The rows a query returns, read off the server at once and freed when
/// the object goes; throws like `run_statement`.
class query_rows {
 public:
  query_rows(MYSQL* conn, const std::string& query);
  ~query_rows();

  query_rows(const query_rows&) = delete;
  query_rows& operator=(const query_rows&) = delete;

  /// Moves to the next row; false after the last.
  bool next();

  /// Returns column `i` of the current row.
  std::string text(unsigned i) const;

  /// Returns column `i` of the current row as an integer.
  long long integer(unsigned i) const;

 private:
  MYSQL_RES* res_;
  MYSQL_ROW row_ = nullptr;
  unsigned long* lengths_ = nullptr;
};

} // namespace troupe::storage::detail
