#pragma once

// MariaDB's batched writes: the one seam. A persistence worker's batch
// transaction stores a message row and a push row per message and forgets
// the pushes its users acked; a round trip to the server for each costs
// more than the row. So on MariaDB these rows wait here from `begin` on,
// and reach the server as multi-row statements (soci_rows.hpp builds them,
// as it builds SQLite's) at commit, or before a statement that reads
// `messages` or `pushes` (`soci_adapter::guarded_reading_held`), so a
// transaction still reads its own writes. Outside a transaction a row is
// written at once. SQLite, in-process, writes every row at once and has no
// use for any of this.
//
// What holding must not change is what the calls answer. The one thing a
// write of these tables can be refused for is a repeated request id (the
// unique key on a message's sender and request id); pushes and deletes
// carry ids the node issued. A request id repeated within the transaction
// is found here, among the ids the transaction stored, and refused at
// `add`, as the store refuses it at once. One repeated from an earlier
// transaction shows only when the rows reach the server, and the key
// refuses the whole statement: then the transaction cannot be kept as it
// ran (its call was answered as if its message were new), so `commit`
// answers `conflict` and the caller rolls back and runs the transaction
// again, as it does after a deadlock. Until the next commit every row is
// then written at once, so the run again meets the repeat at the call that
// made it, which answers with the first message. Nobody outside storage
// knows rows are held. (No run again would be needed if the batch's hint
// named its request ids, read with its recipients in one query; the calls
// do not name them today, and a repeat from an earlier batch is rare: a
// client that reconnects without having seen its answer.)

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "storage/soci_rows.hpp"

namespace soci {
class session;
} // namespace soci

namespace troupe::storage::detail {

class held_writes {
 public:
  /// A transaction began: rows are held from now until it ends.
  void begin();

  /// Holds `row`, or writes it at once outside a transaction; returns false,
  /// holding nothing, when a message of this transaction has its sender and
  /// request id already. Throws `soci::soci_error` like any statement.
  bool add(soci::session& sql, message_row row);

  void add(soci::session& sql, push_row row);

  /// A push stored in this transaction and deleted goes unwritten: an
  /// expired friend request takes along the push stored with it in the same
  /// batch.
  void add(soci::session& sql, push_deletes deletes);

  /// Sends the rows held and forgets them; throws `soci::soci_error` like
  /// any statement. A row that breaks a unique key (a repeated request id)
  /// throws as a conflict: the rows not sent stay held, and rows are
  /// written at once until the next commit.
  void flush(soci::session& sql);

  /// The transaction committed: rows may be held again from the next one.
  void committed();

  /// The transaction rolled back (or its connection is gone): forgets the
  /// rows held and the request ids stored.
  void rolled_back();

 private:
  /// Whether a row added now waits for a flush.
  bool holding() const { return in_transaction_ && !write_at_once_; }

  bool in_transaction_ = false;
  /// Set by a flush that met a unique key, until the next commit.
  bool write_at_once_ = false;
  std::vector<message_row> messages_;
  std::vector<push_row> pushes_;
  std::vector<push_deletes> deletes_;
  /// The sender and request id of every message of the transaction, held
  /// or written.
  std::set<std::pair<long long, std::string>> request_ids_;
};

} // namespace troupe::storage::detail
