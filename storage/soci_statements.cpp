#include "storage/soci_statements.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

namespace troupe::storage::detail {

reusable_statement::reusable_statement(soci::session& sql,
                                       const soci::statement& st)
  : st_(st) {
  // SOCI's SQLite backend exports no type information to cast with: the
  // session says which backend made the statement.
  if (sql.get_backend_name() == "sqlite3")
    sqlite_ = static_cast<soci::sqlite3_statement_backend*>(st_.get_backend());
}

void reusable_statement::run() {
  st_.execute(true);
  end_run();
}

bool reusable_statement::run_for_one_row() {
  // The row is in the `into` bindings once execute returns.
  auto found = st_.execute(true);
  end_run();
  return found;
}

void reusable_statement::run_for_rows() {
  st_.execute();
}

bool reusable_statement::next_row() {
  if (st_.fetch())
    return true;
  end_run();
  return false;
}

void reusable_statement::end_run() {
  if (sqlite_ != nullptr)
    sqlite_api::sqlite3_reset(sqlite_->stmt_);
}

user_by_name_statement::user_by_name_statement(soci::session& sql)
  : st(sql,
       (sql.prepare << "SELECT user_id, username, password_hash, nickname,"
                       " email, phone, avatar, location, bio, public_key,"
                       " created_at FROM users WHERE username = :u",
        soci::into(uid), soci::into(username), soci::into(password_hash),
        soci::into(profile[0]), soci::into(profile[1]), soci::into(profile[2]),
        soci::into(profile[3]), soci::into(profile[4]), soci::into(profile[5]),
        soci::into(profile[6]), soci::into(created_at), soci::use(name))) {
  // nop
}

friendship_statement::friendship_statement(soci::session& sql)
  : st(sql,
       (sql.prepare << "SELECT COUNT(*) FROM friendships WHERE user_id = :a"
                       " AND friend_id = :b",
        soci::into(count), soci::use(user), soci::use(other))) {
  // nop
}

contact_statement::contact_statement(soci::session& sql)
  : st(sql, (sql.prepare << "SELECT u.user_id, u.username, (SELECT COUNT(*)"
                            " FROM friendships f WHERE f.user_id = :v"
                            " AND f.friend_id = u.user_id) FROM users u"
                            " WHERE u.username = :n",
             soci::into(uid), soci::into(username), soci::into(friendships),
             soci::use(viewer), soci::use(name))) {
  // nop
}

message_by_client_statement::message_by_client_statement(soci::session& sql)
  : st(sql,
       (sql.prepare << "SELECT msg_id, recipient_id, group_id, kind, body, ts"
                       " FROM messages WHERE sender_id = :s"
                       " AND client_id = :c",
        soci::into(msg_id), soci::into(recipient, recipient_ind),
        soci::into(group, group_ind), soci::into(kind), soci::into(body),
        soci::into(ts), soci::use(sender), soci::use(client_id))) {
  // nop
}

namespace {

void bind(soci::statement& st, long long& value) {
  st.exchange(soci::use(value));
}

void bind(soci::statement& st, std::string& value) {
  st.exchange(soci::use(value));
}

void bind(soci::statement& st, nullable_integer& value) {
  st.exchange(soci::use(value.value, value.ind));
}

/// Prepares the INSERT of a `Row` with `row`'s columns bound to it.
template <class Row>
soci::statement prepare_insert(soci::session& sql, Row& row) {
  soci::statement st{sql};
  std::string values;
  Row::each_column(row, [&](const char* column, auto& value) {
    values += values.empty() ? "(:" : ", :";
    values += column;
    bind(st, value);
  });
  st.alloc();
  st.prepare(insert_head<Row>() + values + ")");
  st.define_and_bind();
  return st;
}

} // namespace

template <class Row>
insert_statement<Row>::insert_statement(soci::session& sql)
  : st(sql, prepare_insert(sql, row)) {
  // nop
}

template struct insert_statement<message_row>;
template struct insert_statement<push_row>;

namespace {

std::string push_delete_text() {
  std::string out = push_delete_head;
  append_push_delete_condition(out, ":u", {":p"});
  return out;
}

} // namespace

push_delete_statement::push_delete_statement(soci::session& sql)
  : st(sql, (sql.prepare << push_delete_text(), soci::use(user),
             soci::use(push_id))) {
  // nop
}

pushes_after_statement::pushes_after_statement(soci::session& sql)
  : st(sql, (sql.prepare << "SELECT push_id, payload FROM pushes"
                            " WHERE user_id = :u AND push_id > :a"
                            " ORDER BY push_id LIMIT :n",
             soci::into(push_id), soci::into(payload), soci::use(user),
             soci::use(after), soci::use(limit))) {
  // nop
}

prepared_statements::prepared_statements(soci::session& sql)
  : user_by_name(sql), friendship(sql), contact(sql), message_by_client(sql),
    message_insert(sql), push_insert(sql), push_delete(sql), pushes_after(sql) {
  // nop
}

} // namespace troupe::storage::detail
