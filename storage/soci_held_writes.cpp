#include "storage/soci_held_writes.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>

#include "storage/soci_mariadb_text.hpp"

namespace troupe::storage::detail {

namespace {

// MariaDB's error number for a row that breaks a unique key.
constexpr int duplicate_key = 1062;

/// Most bytes one statement of many rows takes before the next starts: well
/// under MariaDB's max_allowed_packet (16 MiB by default) whatever the rows.
constexpr std::size_t max_statement_bytes = 1024 * 1024;

/// Writes `items` into as few statements as `max_statement_bytes` allows,
/// each `head` followed by items joined with `separator`; `append(out,
/// item)` writes one item, `run(statement)` runs a statement.
template <class Items, class Append, class Run>
void in_statements(const std::string& head, const char* separator,
                   const Items& items, Append append, Run run) {
  std::string statement;
  for (auto& item : items) {
    if (statement.empty())
      statement = head;
    else
      statement += separator;
    append(statement, item);
    if (statement.size() >= max_statement_bytes) {
      run(statement);
      statement.clear();
    }
  }
  if (!statement.empty())
    run(statement);
}

void append_value(MYSQL*, std::string& out, long long value) {
  out += std::to_string(value);
}

void append_value(MYSQL*, std::string& out, const nullable_integer& value) {
  out += value.ind == soci::i_null ? "NULL" : std::to_string(value.value);
}

void append_value(MYSQL* conn, std::string& out, const std::string& value) {
  append_literal(conn, out, value);
}

/// Inserts `rows` with as few statements as fit.
template <class Rows>
void insert(MYSQL* conn, const Rows& rows) {
  using row_type = typename Rows::value_type;
  in_statements(
    insert_head<row_type>(), ",", rows,
    [conn](std::string& out, const row_type& row) {
      auto separator = '(';
      row_type::each_column(row, [&](const char*, const auto& value) {
        out += separator;
        separator = ',';
        append_value(conn, out, value);
      });
      out += ')';
    },
    [conn](const std::string& statement) { run_statement(conn, statement); });
}

/// Inserts `row` alone, at once.
template <class Row>
void insert_now(soci::session& sql, Row row) {
  insert(native_connection(sql), std::array<Row, 1>{std::move(row)});
}

/// Deletes `deletes` with as few statements as fit; the ids are integers,
/// safe to write into the statement.
void delete_all(MYSQL* conn, const std::vector<push_deletes>& deletes) {
  in_statements(
    push_delete_head, " OR ", deletes,
    [](std::string& out, const push_deletes& d) {
      std::vector<std::string> ids;
      ids.reserve(d.push_ids.size());
      for (auto id : d.push_ids)
        ids.push_back(std::to_string(id));
      append_push_delete_condition(out, std::to_string(d.uid), ids);
    },
    [conn](const std::string& statement) { run_statement(conn, statement); });
}

void erase(std::vector<push_row>& pushes, const push_deletes& deletes) {
  auto& ids = deletes.push_ids;
  pushes.erase(std::remove_if(pushes.begin(), pushes.end(),
                              [&](const push_row& r) {
                                return r.user_id == deletes.uid
                                       && std::find(ids.begin(), ids.end(),
                                                    r.push_id)
                                            != ids.end();
                              }),
               pushes.end());
}

} // namespace

void held_writes::begin() {
  in_transaction_ = true;
}

bool held_writes::add(soci::session& sql, message_row row) {
  std::pair<long long, std::string> request{row.sender_id, row.client_id};
  if (in_transaction_ && request_ids_.count(request) > 0)
    return false;
  if (holding())
    messages_.push_back(std::move(row));
  else
    insert_now(sql, std::move(row));
  if (in_transaction_)
    request_ids_.insert(std::move(request));
  return true;
}

void held_writes::add(soci::session& sql, push_row row) {
  if (holding())
    pushes_.push_back(std::move(row));
  else
    insert_now(sql, std::move(row));
}

void held_writes::add(soci::session& sql, push_deletes deletes) {
  erase(pushes_, deletes);
  if (holding()) {
    deletes_.push_back(std::move(deletes));
    return;
  }
  delete_all(native_connection(sql), {deletes});
}

void held_writes::flush(soci::session& sql) {
  if (messages_.empty() && pushes_.empty() && deletes_.empty())
    return;
  auto* conn = native_connection(sql);
  try {
    // Deletes first: they concern pushes committed before this transaction,
    // and run before its inserts lock rows that another transaction's
    // delete might pass.
    delete_all(conn, deletes_);
    deletes_.clear();
    insert(conn, messages_);
    messages_.clear();
    insert(conn, pushes_);
    pushes_.clear();
  } catch (const soci::mysql_soci_error& e) {
    // The rows stay held, so the commit fails too.
    if (e.err_num_ == duplicate_key)
      write_at_once_ = true;
    throw;
  }
}

void held_writes::committed() {
  in_transaction_ = false;
  write_at_once_ = false;
  request_ids_.clear();
}

void held_writes::rolled_back() {
  in_transaction_ = false;
  messages_.clear();
  pushes_.clear();
  deletes_.clear();
  request_ids_.clear();
}

} // namespace troupe::storage::detail
