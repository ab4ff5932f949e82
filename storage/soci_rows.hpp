#pragma once

// The rows of the two tables a batch writes most, `messages` and `pushes`,
// and the statement that forgets acknowledged pushes: the one place each
// is spelled out. A row lists its columns once (`each_column`), and both
// backends' INSERTs come from that list: SQLite prepares one statement with
// a placeholder per column and binds rows to it (soci_statements), MariaDB
// writes the values of many rows into one statement (soci_held_writes).
// The DELETE's condition comes from one builder the same way. Internal to
// the soci_*.cpp files.

#include <cstdint>
#include <string>
#include <vector>

#include <soci/soci-backend.h>

#include "protocol/ids.hpp"
#include "storage/records.hpp"

namespace troupe::storage::detail {

/// An integer column that holds NULL where a row has no value.
struct nullable_integer {
  long long value = 0;
  soci::indicator ind = soci::i_null;
};

/// A row of `messages`: a private message has a recipient and a
/// conversation (its two users, lower id first), a group message its group.
struct message_row {
  static constexpr const char* table = "messages";

  message_row() = default;

  explicit message_row(const message_record& m);

  /// Calls `f(column, value)` for each column of `row`, in statement order.
  template <class Row, class F>
  static void each_column(Row& row, F&& f) {
    f("msg_id", row.msg_id);
    f("sender_id", row.sender_id);
    f("recipient_id", row.recipient_id);
    f("group_id", row.group_id);
    f("conv_low", row.conv_low);
    f("conv_high", row.conv_high);
    f("kind", row.kind);
    f("body", row.body);
    f("ts", row.ts);
    f("client_id", row.client_id);
  }

  long long msg_id = 0;
  long long sender_id = 0;
  nullable_integer recipient_id;
  nullable_integer group_id;
  nullable_integer conv_low;
  nullable_integer conv_high;
  std::string kind;
  std::string body;
  long long ts = 0;
  std::string client_id;
};

/// A row of `pushes`: a push stored for a user until they acknowledge it.
struct push_row {
  static constexpr const char* table = "pushes";

  push_row() = default;

  push_row(protocol::user_id uid, const stored_push& push);

  /// Calls `f(column, value)` for each column of `row`, in statement order.
  template <class Row, class F>
  static void each_column(Row& row, F&& f) {
    f("user_id", row.user_id);
    f("push_id", row.push_id);
    f("payload", row.payload);
  }

  long long user_id = 0;
  long long push_id = 0;
  std::string payload;
};

/// Returns `INSERT INTO <table> (<columns>) VALUES `: how every INSERT of a
/// `Row` starts, on both backends.
template <class Row>
std::string insert_head() {
  std::string out = "INSERT INTO ";
  out += Row::table;
  auto first = true;
  Row row;
  Row::each_column(row, [&](const char* column, auto&) {
    out += first ? " (" : ", ";
    out += column;
    first = false;
  });
  out += ") VALUES ";
  return out;
}

/// Acknowledged pushes to forget: a user and ids of theirs (ids already
/// gone are fine).
struct push_deletes {
  protocol::user_id uid = 0;
  std::vector<std::int64_t> push_ids;
};

/// How every DELETE of acknowledged pushes starts, on both backends.
constexpr const char* push_delete_head = "DELETE FROM pushes WHERE ";

/// Appends `(user_id = <user> AND push_id IN (<ids>))`, the condition that
/// picks a user's pushes, its values written as SQL already: numbers on
/// MariaDB, placeholders in SQLite's statement prepared once.
void append_push_delete_condition(std::string& out, const std::string& user,
                                  const std::vector<std::string>& ids);

} // namespace troupe::storage::detail
