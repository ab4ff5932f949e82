#include "storage/soci_mariadb_text.hpp"

#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>

namespace troupe::storage::detail {

MYSQL* native_connection(soci::session& sql) {
  return static_cast<soci::mysql_session_backend*>(sql.get_backend())->conn_;
}

void append_literal(MYSQL* conn, std::string& sql, const std::string& text) {
  std::string escaped(text.size() * 2 + 1, '\0');
  auto n = mysql_real_escape_string(conn, escaped.data(), text.data(),
                                    static_cast<unsigned long>(text.size()));
  sql += '\'';
  sql.append(escaped.data(), n);
  sql += '\'';
}

void run_statement(MYSQL* conn, const std::string& statement) {
  if (mysql_real_query(conn, statement.data(),
                       static_cast<unsigned long>(statement.size()))
      != 0)
    throw soci::mysql_soci_error(mysql_error(conn),
                                 static_cast<int>(mysql_errno(conn)));
}

query_rows::query_rows(MYSQL* conn, const std::string& query) {
  run_statement(conn, query);
  res_ = mysql_store_result(conn);
  if (!res_)
    throw soci::mysql_soci_error(mysql_error(conn),
                                 static_cast<int>(mysql_errno(conn)));
}

query_rows::~query_rows() {
  mysql_free_result(res_);
}

bool query_rows::next() {
  row_ = mysql_fetch_row(res_);
  lengths_ = row_ ? mysql_fetch_lengths(res_) : nullptr;
  return row_ != nullptr;
}

std::string query_rows::text(unsigned i) const {
  return row_[i] ? std::string(row_[i], lengths_[i]) : std::string{};
}

long long query_rows::integer(unsigned i) const {
  return row_[i] ? std::stoll(row_[i]) : 0;
}

} // namespace troupe::storage::detail
