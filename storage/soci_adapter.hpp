#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "storage/adapter.hpp"

namespace soci {
class session;
class soci_error;
} // namespace soci

namespace troupe::storage {

/// The adapter for both backends, through SOCI. The SQL is shared where the
/// dialects agree; `migrations.cpp` holds the per-dialect schema.
class soci_adapter final : public adapter {
public:
  explicit soci_adapter(settings s);

  ~soci_adapter() override;

  // -- adapter ----------------------------------------------------------------

  result<void> open() override;
  const std::string& last_error() const override;
  bool connected() const override;
  result<void> ping() override;
  result<void> begin() override;
  result<void> commit() override;
  void rollback() override;
  result<protocol::user_id> user_create(const new_user& user) override;
  result<user_record> user_by_name(std::string_view username) override;
  result<void> user_update_profile(protocol::user_id uid,
                                   const protocol::profile_update& update)
    override;

private:
  using clock = std::chrono::steady_clock;

  /// Runs `body` on a live session; maps every exception to an `errc`.
  template <class T, class F>
  result<T> guarded(F&& body);

  /// Connects and migrates unless a session is up; throttled by
  /// `reconnect_interval` after a failed attempt.
  result<void> ensure_connected();

  /// Opens a session; throws when the store cannot be reached.
  std::unique_ptr<soci::session> open_session() const;

  /// Sets the session up for the backend and migrates the schema; throws.
  void prepare_session(soci::session& sql) const;

  /// Maps a SOCI fault to an `errc`; drops the session when the fault means
  /// the connection is gone.
  errc classify(const soci::soci_error& e);

  settings settings_;
  std::unique_ptr<soci::session> sql_;
  bool in_transaction_ = false;
  clock::time_point next_attempt_{};
  std::string last_error_;
};

} // namespace troupe::storage
