#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "protocol/ids.hpp"
#include "protocol/profile.hpp"
#include "storage/records.hpp"
#include "storage/result.hpp"
#include "storage/settings.hpp"

namespace troupe::storage {

/// One connection to the store. Calls block; an adapter is used by one
/// thread at a time (each persistence actor owns one). No call throws: every
/// fault comes back as an `errc`. A lost connection makes calls answer
/// `unavailable` until a reconnect, tried at most every
/// `settings::reconnect_interval`, succeeds.
class adapter {
public:
  virtual ~adapter() = default;

  // -- connection and transactions --------------------------------------------

  /// Connects and migrates the schema now: `unavailable` when the store
  /// cannot be reached, `internal` when its schema cannot be brought up to
  /// date (e.g. it is newer than this binary).
  virtual result<void> open() = 0;

  /// Returns the text of the last fault, for logs; empty when none.
  virtual const std::string& last_error() const = 0;

  /// Returns whether the connection was up after the last call.
  virtual bool connected() const = 0;

  /// Returns whether the store answers a trivial query, reconnecting first if
  /// the connection was lost.
  virtual result<void> ping() = 0;

  /// Starts a transaction that may write. On SQLite it takes the write lock
  /// at once, so the transaction never fails half-way on lock upgrades.
  virtual result<void> begin() = 0;

  /// Commits the open transaction; `unavailable` when the commit's outcome is
  /// unknown because the connection broke.
  virtual result<void> commit() = 0;

  /// Rolls back the open transaction, if any. Never fails visibly.
  virtual void rollback() = 0;

  // -- users ------------------------------------------------------------------

  /// Stores a new user and returns its id; `conflict` when the username is
  /// taken. Inside a transaction a conflict leaves the transaction usable.
  virtual result<protocol::user_id> user_create(const new_user& user) = 0;

  /// Returns the user named exactly `username`; `not_found` when none.
  virtual result<user_record> user_by_name(std::string_view username) = 0;

  /// Sets the fields present in `update`, keeping the others; `not_found`
  /// when no user has id `uid`.
  virtual result<void> user_update_profile(protocol::user_id uid,
                                           const protocol::profile_update& update)
    = 0;
};

/// Returns an adapter for `s`. Never fails: a store that is down now is
/// connected to on first use, and its schema migrated then.
std::unique_ptr<adapter> make_adapter(const settings& s);

} // namespace troupe::storage
