#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "storage/adapter.hpp"
#include "storage/soci_held_writes.hpp"

namespace soci {
class session;
class soci_error;
} // namespace soci

namespace troupe::storage::detail {
struct prepared_statements;
} // namespace troupe::storage::detail

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
  result<void>
  user_update_profile(protocol::user_id uid,
                      const protocol::profile_update& update) override;
  result<void> user_set_last_seen(protocol::user_id uid,
                                  std::int64_t ts) override;
  result<void> user_set_location(protocol::user_id uid,
                                 protocol::location where) override;
  result<presence_record> presence_of(std::string_view username) override;

  // -- friends (soci_friends.cpp) ---------------------------------------------

  result<std::int64_t> friend_request_create(protocol::user_id from,
                                             protocol::user_id to,
                                             const std::string& note,
                                             std::int64_t ts,
                                             std::int64_t push_id) override;
  result<friend_request_record>
  friend_request_between(protocol::user_id from, protocol::user_id to) override;
  result<friend_request_record>
  friend_request_by_id(std::int64_t request_id) override;
  result<void> friend_request_delete(std::int64_t request_id) override;
  result<std::vector<friend_request_record>>
  friend_requests_of(protocol::user_id uid) override;
  result<std::vector<friend_request_record>>
  friend_requests_beyond(protocol::user_id uid, request_side side,
                         std::size_t keep) override;
  result<contact_record> contact_by_name(protocol::user_id viewer,
                                         std::string_view username) override;
  result<void> take_hint(const batch_hint& hint) override;
  result<bool> friendship_exists(protocol::user_id a,
                                 protocol::user_id b) override;
  result<void> friendship_create(protocol::user_id a, protocol::user_id b,
                                 std::int64_t ts) override;
  result<void> friendship_delete(protocol::user_id a,
                                 protocol::user_id b) override;
  result<std::vector<friend_record>> friends_of(protocol::user_id uid,
                                                std::size_t offset,
                                                std::size_t limit) override;

  // -- messages and delivery (soci_messages.cpp) ------------------------------

  result<message_record>
  message_by_client_id(protocol::user_id sender,
                       const std::string& client_id) override;
  result<void> message_store(const message_record& m) override;
  result<std::vector<message_record>>
  conversation(protocol::user_id a, protocol::user_id b, std::int64_t before,
               std::int64_t after, std::size_t limit) override;
  result<bool> conversation_exists(protocol::user_id a,
                                   protocol::user_id b) override;
  result<void> push_store(protocol::user_id uid,
                          const stored_push& push) override;
  result<std::vector<stored_push>> pushes_after(protocol::user_id uid,
                                                std::int64_t after,
                                                std::size_t limit) override;
  result<void> push_delete(protocol::user_id uid,
                           const std::vector<std::int64_t>& push_ids) override;
  result<std::int64_t> largest_issued_id() override;

  // -- files (soci_files.cpp) -------------------------------------------------

  result<void> file_store(const file_record& meta,
                          const std::string& bytes) override;
  result<file_record> file_meta(std::int64_t file_id) override;
  result<std::string> file_bytes(std::int64_t file_id) override;
  result<std::int64_t> uploaded_bytes(protocol::user_id uploader) override;
  result<bool> file_readable(std::int64_t file_id,
                             protocol::user_id uid) override;
  result<void> file_grant(std::int64_t file_id, protocol::user_id uid) override;
  result<void> file_grant_group(std::int64_t file_id,
                                std::int64_t group_id) override;

  // -- groups (soci_groups.cpp) -----------------------------------------------

  result<void> group_create(const group_record& group,
                            protocol::user_id owner) override;
  result<group_record> group_by_id(std::int64_t group_id) override;
  result<void> group_set_state(std::int64_t group_id,
                               protocol::group_state state) override;
  result<void> group_member_add(std::int64_t group_id, protocol::user_id uid,
                                protocol::group_role role, std::int64_t ts,
                                std::int64_t delivered_to) override;
  result<void> group_member_remove(std::int64_t group_id, protocol::user_id uid,
                                   std::int64_t left_at) override;
  result<void> group_member_set_role(std::int64_t group_id,
                                     protocol::user_id uid,
                                     protocol::group_role role) override;
  result<std::vector<group_member_record>>
  group_members(std::int64_t group_id) override;
  result<std::vector<membership_record>> groups_of(protocol::user_id uid,
                                                   std::int64_t after,
                                                   std::size_t limit) override;
  result<std::vector<message_record>>
  group_messages(std::int64_t group_id, std::int64_t before, std::int64_t after,
                 std::size_t limit) override;
  result<void> group_event_store(std::int64_t group_id,
                                 const stored_push& push) override;
  result<std::vector<message_record>>
  group_messages_pending(protocol::user_id uid, std::int64_t after,
                         std::size_t limit) override;
  result<std::vector<stored_push>>
  group_events_pending(protocol::user_id uid, std::int64_t after,
                       std::size_t limit) override;
  result<void> group_member_delivered(std::int64_t group_id,
                                      protocol::user_id uid,
                                      std::int64_t msg_id) override;

  // -- who writes a group (soci_group_owners.cpp) -----------------------------

  result<group_claim_record> group_claim(std::int64_t group_id,
                                         const group_host& host) override;
  result<std::int64_t> group_owner_epoch(std::int64_t group_id) override;
  result<std::int64_t> group_largest_id(std::int64_t group_id) override;

  // -- the cluster's nodes (soci_cluster.cpp) ---------------------------------

  result<void> node_lease_take(const node_lease& lease, std::int64_t now_ms,
                               std::int64_t replaces) override;
  result<node_lease> node_lease_holder(std::uint32_t node_id) override;
  result<void> node_lease_renew(std::uint32_t node_id, std::int64_t incarnation,
                                std::int64_t until_ms) override;
  result<void> node_lease_release(std::uint32_t node_id,
                                  std::int64_t incarnation) override;
  result<std::vector<node_lease>> live_nodes(std::int64_t now_ms) override;

 private:
  using clock = std::chrono::steady_clock;

  /// Runs `body` on a live session; maps every exception to an `errc`.
  /// Defined in soci_guarded.hpp, for the soci_*.cpp files.
  template <class T, class F>
  result<T> guarded(F&& body);

  /// Runs `body` like `guarded`, the rows held back (soci_held_writes.hpp)
  /// sent first: every call whose statements read `messages` or `pushes`
  /// goes through here, so a transaction reads its own writes.
  template <class T, class F>
  result<T> guarded_reading_held(F&& body);

  /// Returns the hot-path statements of the live session, preparing them
  /// on first use after a (re)connect.
  detail::prepared_statements& hot();

  /// Drops the session and its prepared statements.
  void disconnect();

  /// Returns whether the backend is SQLite, for the few statements whose
  /// dialects differ.
  bool on_sqlite() const { return settings_.backend == backend_kind::sqlite; }

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
  /// Prepared on `sql_`: declared after it, so destroyed first.
  std::unique_ptr<detail::prepared_statements> hot_;
  bool in_transaction_ = false;
  /// Contacts read ahead for the open transaction, by viewer and the name
  /// asked for (MariaDB only).
  std::map<std::pair<protocol::user_id, std::string>, contact_record>
    contacts_ahead_;
  /// The owner epochs of the groups whose rows the open transaction locked
  /// (`group_owner_epoch`, `group_claim`): read once per transaction.
  std::map<std::int64_t, std::int64_t> owner_epochs_;
  /// Where messages and pushes are written on MariaDB: held back within a
  /// transaction.
  detail::held_writes held_;
  clock::time_point next_attempt_{};
  std::string last_error_;
};

} // namespace troupe::storage
