#include "storage/soci_held_writes.hpp"

#include <algorithm>

#include "storage/soci_mariadb_text.hpp"

namespace troupe::storage::detail {

namespace {

// One statement stays well under the server's max_allowed_packet (16 MiB
// by default) whatever the rows.
constexpr std::size_t max_statement_bytes = 1024 * 1024;

/// Inserts `rows` with as few statements as fit the size limit;
/// `append_values` writes one row's parenthesised values.
template <class Row, class AppendValues>
void insert_all(MYSQL* conn, const char* head, const std::vector<Row>& rows,
                AppendValues append_values) {
  std::string statement;
  for (auto& r : rows) {
    statement += statement.empty() ? head : ",";
    append_values(statement, r);
    if (statement.size() >= max_statement_bytes) {
      run_statement(conn, statement);
      statement.clear();
    }
  }
  if (!statement.empty())
    run_statement(conn, statement);
}

} // namespace

void held_writes::add_message(const message_record& m) {
  messages_.push_back(m);
}

void held_writes::add_push(protocol::user_id uid, const stored_push& push) {
  pushes_.push_back(push_row{uid, push});
}

void held_writes::add_push_deletes(protocol::user_id uid,
                                   const std::vector<std::int64_t>& push_ids) {
  // A push stored in this transaction goes unwritten (the deletes run
  // before the inserts at flush): an expired friend request takes along
  // the push stored with it in the same batch.
  pushes_.erase(std::remove_if(pushes_.begin(), pushes_.end(),
                               [&](const push_row& r) {
                                 return r.uid == uid
                                        && std::find(push_ids.begin(),
                                                     push_ids.end(),
                                                     r.push.push_id)
                                             != push_ids.end();
                               }),
                pushes_.end());
  deletes_.emplace_back(uid, push_ids);
}

void held_writes::clear() {
  messages_.clear();
  pushes_.clear();
  deletes_.clear();
}

void held_writes::flush(soci::session& sql) {
  if (messages_.empty() && pushes_.empty() && deletes_.empty())
    return;
  auto* conn = native_connection(sql);
  // Deletes first: they concern pushes committed before this transaction,
  // and run before its inserts lock rows that another transaction's
  // delete might pass. Ids are integers, safe to write into the statement.
  std::string statement;
  for (auto& [uid, ids] : deletes_) {
    statement += statement.empty() ? "DELETE FROM pushes WHERE " : " OR ";
    statement += "(user_id = " + std::to_string(uid) + " AND push_id IN (";
    for (std::size_t i = 0; i < ids.size(); ++i)
      statement += (i == 0 ? "" : ",") + std::to_string(ids[i]);
    statement += "))";
    if (statement.size() >= max_statement_bytes) {
      run_statement(conn, statement);
      statement.clear();
    }
  }
  if (!statement.empty())
    run_statement(conn, statement);
  deletes_.clear();
  insert_all(conn,
             "INSERT INTO messages (msg_id, sender_id, recipient_id,"
             " group_id, conv_low, conv_high, kind, body, ts, client_id)"
             " VALUES ",
             messages_, [conn](std::string& out, const message_record& m) {
               // A private message has a recipient and a conversation, a
               // group message its group.
               auto low = std::min(m.sender_id, m.recipient_id);
               auto high = std::max(m.sender_id, m.recipient_id);
               out += '(' + std::to_string(m.msg_id) + ','
                      + std::to_string(m.sender_id) + ',';
               if (m.group_id)
                 out += "NULL," + std::to_string(*m.group_id) + ",NULL,NULL";
               else
                 out += std::to_string(m.recipient_id) + ",NULL,"
                        + std::to_string(low) + ',' + std::to_string(high);
               out += ",'" + std::string{protocol::to_string(m.kind)} + "',";
               append_literal(conn, out, m.body);
               out += ',' + std::to_string(m.ts) + ',';
               append_literal(conn, out, m.client_id);
               out += ')';
             });
  messages_.clear();
  insert_all(conn, "INSERT INTO pushes (user_id, push_id, payload) VALUES ",
             pushes_, [conn](std::string& out, const push_row& r) {
               out += '(' + std::to_string(r.uid) + ','
                      + std::to_string(r.push.push_id) + ',';
               append_literal(conn, out, r.push.payload);
               out += ')';
             });
  pushes_.clear();
}

} // namespace troupe::storage::detail
