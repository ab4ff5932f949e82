#pragma once

// Rows held back on MariaDB. A batch transaction stores a message row and a
// push row per message and forgets the pushes its users acked; a round trip
// to the server for each costs more than the row. While the persistence worker
// allows it (`hold_back_writes`), they wait here and reach the server as
// multi-row statements when the transaction commits, or before a statement that
// reads those tables, so a transaction still reads its own writes. Included by
// the soci_*.cpp files and soci_adapter.hpp only.

#include <cstdint>
#include <string>
#include <vector>

#include "protocol/ids.hpp"
#include "storage/records.hpp"

namespace soci {
class session;
} // namespace soci

namespace troupe::storage::detail {

class held_writes {
 public:
  void add_message(const message_record& m);

  void add_push(protocol::user_id uid, const stored_push& push);

  void add_push_deletes(protocol::user_id uid,
                        const std::vector<std::int64_t>& push_ids);

  /// Forgets the rows held: their transaction rolled back.
  void clear();

  /// Inserts the rows held on `sql`, a MariaDB session, and forgets them;
  /// throws `soci::soci_error` like any statement (a duplicate request id
  /// among the messages as a conflict).
  void flush(soci::session& sql);

 private:
  struct push_row {
    protocol::user_id uid;
    stored_push push;
  };

  std::vector<message_record> messages_;
  std::vector<push_row> pushes_;
  /// Acked pushes to delete: a user and their ids.
  std::vector<std::pair<protocol::user_id, std::vector<std::int64_t>>> deletes_;
};

} // namespace troupe::storage::detail
