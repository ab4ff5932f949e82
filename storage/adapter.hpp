#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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
  /// unknown because the connection broke. `conflict` when a write of the
  /// transaction broke a uniqueness rule the store checks only now (a
  /// request id used in an earlier transaction, see `message_store`):
  /// nothing of the transaction is kept, and run again from `begin`, the
  /// same calls meet the conflict at the call that made it.
  virtual result<void> commit() = 0;

  /// Rolls back the open transaction, if any. Never fails visibly.
  virtual void rollback() = 0;

  /// Tells the store what the calls of the open transaction will look up.
  /// A hint, the same on every store: it may read it all now in one go and
  /// answer those lookups from what it read, or do nothing; each call
  /// answers exactly what it would have without the hint, changes the
  /// transaction makes in between included. A fault comes back as from any
  /// call; the caller may ignore it, the lookups then ask for themselves.
  virtual result<void> take_hint(const batch_hint& hint) = 0;

  // -- users ------------------------------------------------------------------

  /// Stores a new user and returns its id; `conflict` when the username is
  /// taken. Inside a transaction a conflict leaves the transaction usable.
  virtual result<protocol::user_id> user_create(const new_user& user) = 0;

  /// Returns the user named exactly `username`; `not_found` when none.
  virtual result<user_record> user_by_name(std::string_view username) = 0;

  /// Sets the fields present in `update`, keeping the others; `not_found`
  /// when no user has id `uid`.
  virtual result<void>
  user_update_profile(protocol::user_id uid,
                      const protocol::profile_update& update)
    = 0;

  /// Records when the user last logged in or out.
  virtual result<void> user_set_last_seen(protocol::user_id uid,
                                          std::int64_t ts)
    = 0;

  /// Records where the user is.
  virtual result<void> user_set_location(protocol::user_id uid,
                                         protocol::location where)
    = 0;

  /// Returns what `presence` shows of the user named `username`;
  /// `not_found` when none.
  virtual result<presence_record> presence_of(std::string_view username) = 0;

  // -- friends ----------------------------------------------------------------

  /// Stores a friend request and returns its id; `conflict` when `from`
  /// asked `to` already. `push_id` is the `friend_request` push stored for
  /// `to` with it (0: none), which goes when the request expires.
  virtual result<std::int64_t>
  friend_request_create(protocol::user_id from, protocol::user_id to,
                        const std::string& note, std::int64_t ts,
                        std::int64_t push_id = 0)
    = 0;

  /// Returns the request from `from` to `to`; `not_found` when none.
  virtual result<friend_request_record>
  friend_request_between(protocol::user_id from, protocol::user_id to) = 0;

  /// Returns the request `request_id`; `not_found` when none.
  virtual result<friend_request_record>
  friend_request_by_id(std::int64_t request_id) = 0;

  /// Deletes the request `request_id`, if it exists.
  virtual result<void> friend_request_delete(std::int64_t request_id) = 0;

  /// Returns every pending request from or to `uid`, oldest first.
  virtual result<std::vector<friend_request_record>>
  friend_requests_of(protocol::user_id uid) = 0;

  /// Returns the pending requests to `uid` (`incoming`) or from `uid`
  /// (`outgoing`) older than the newest `keep`, oldest first; none when
  /// there are at most `keep`.
  virtual result<std::vector<friend_request_record>>
  friend_requests_beyond(protocol::user_id uid, request_side side,
                         std::size_t keep)
    = 0;

  /// Returns whether `a` and `b` are friends.
  virtual result<bool> friendship_exists(protocol::user_id a,
                                         protocol::user_id b)
    = 0;

  /// Returns `username` as `viewer` sees them, in one lookup: the hot path
  /// of sending needs both who the recipient is and whether they are
  /// friends; `not_found` when there is no such user.
  virtual result<contact_record> contact_by_name(protocol::user_id viewer,
                                                 std::string_view username)
    = 0;

  /// Makes `a` and `b` friends; a no-op when they are.
  virtual result<void> friendship_create(protocol::user_id a,
                                         protocol::user_id b, std::int64_t ts)
    = 0;

  /// Ends the friendship of `a` and `b`; `not_found` when there is none.
  virtual result<void> friendship_delete(protocol::user_id a,
                                         protocol::user_id b)
    = 0;

  /// Returns at most `limit` friends of `uid` from the `offset`th on, in
  /// this order: who exchanged a message most recently first, those never
  /// messaged last by username.
  virtual result<std::vector<friend_record>>
  friends_of(protocol::user_id uid, std::size_t offset, std::size_t limit) = 0;

  // -- messages ---------------------------------------------------------------

  /// Returns the message `sender` stored with request id `client_id`;
  /// `not_found` when none.
  virtual result<message_record>
  message_by_client_id(protocol::user_id sender, const std::string& client_id)
    = 0;

  /// Stores a message. `conflict` when the sender used the request id
  /// already: in this transaction, or outside one, at once; in an earlier
  /// transaction at the latest at `commit` (which a store may check only
  /// then). A conflict leaves the transaction usable.
  virtual result<void> message_store(const message_record& m) = 0;

  /// Returns up to `limit` messages between `a` and `b` with ids strictly
  /// between `after` and `before` (0: no bound), oldest first: the first
  /// ones after `after` when it is given, else the newest ones.
  virtual result<std::vector<message_record>>
  conversation(protocol::user_id a, protocol::user_id b, std::int64_t before,
               std::int64_t after, std::size_t limit)
    = 0;

  /// Returns whether `a` and `b` ever exchanged a message.
  virtual result<bool> conversation_exists(protocol::user_id a,
                                           protocol::user_id b)
    = 0;

  // -- delivery ---------------------------------------------------------------

  /// Stores a push for `uid` until it is acknowledged.
  virtual result<void> push_store(protocol::user_id uid,
                                  const stored_push& push)
    = 0;

  /// Returns up to `limit` pushes of `uid` with ids above `after`, in id
  /// order.
  virtual result<std::vector<stored_push>>
  pushes_after(protocol::user_id uid, std::int64_t after, std::size_t limit)
    = 0;

  /// Forgets the pushes `push_ids` of `uid`; ids already gone are fine.
  virtual result<void> push_delete(protocol::user_id uid,
                                   const std::vector<std::int64_t>& push_ids)
    = 0;

  /// Returns the largest message, push or group event id stored, 0 when
  /// none.
  virtual result<std::int64_t> largest_issued_id() = 0;

  // -- files ------------------------------------------------------------------

  /// Stores a file's metadata and bytes.
  virtual result<void> file_store(const file_record& meta,
                                  const std::string& bytes)
    = 0;

  /// Returns a file's metadata; `not_found` when none.
  virtual result<file_record> file_meta(std::int64_t file_id) = 0;

  /// Returns a file's bytes; `not_found` when none.
  virtual result<std::string> file_bytes(std::int64_t file_id) = 0;

  /// Returns the bytes of every file `uploader` uploaded, 0 when none.
  virtual result<std::int64_t> uploaded_bytes(protocol::user_id uploader) = 0;

  /// Returns whether `uid` may read the file: it uploaded it, received it,
  /// or is a member of a group it was sent to.
  virtual result<bool> file_readable(std::int64_t file_id,
                                     protocol::user_id uid)
    = 0;

  /// Lets `uid` read the file.
  virtual result<void> file_grant(std::int64_t file_id, protocol::user_id uid)
    = 0;

  /// Lets the members of the group, present and future, read the file.
  virtual result<void> file_grant_group(std::int64_t file_id,
                                        std::int64_t group_id)
    = 0;

  // -- groups -----------------------------------------------------------------

  /// Creates `group` with `owner` as its owner, a member since
  /// `group.created_at`; `conflict` when the group id is taken.
  virtual result<void> group_create(const group_record& group,
                                    protocol::user_id owner)
    = 0;

  /// Returns the group `group_id`; `not_found` when there is none.
  virtual result<group_record> group_by_id(std::int64_t group_id) = 0;

  /// Sets a group's state; `not_found` when there is no such group.
  virtual result<void> group_set_state(std::int64_t group_id,
                                       protocol::group_state state)
    = 0;

  /// Makes `uid` a member of the group with `role` since `ts`, their
  /// position at `delivered_to` (what precedes it is no backlog of
  /// theirs); `conflict` when they are one already.
  virtual result<void>
  group_member_add(std::int64_t group_id, protocol::user_id uid,
                   protocol::group_role role, std::int64_t ts,
                   std::int64_t delivered_to)
    = 0;

  /// Ends the membership of `uid` at `left_at`, the id of the removal's
  /// event: what the group held up to it (that event included) stays their
  /// backlog until they acknowledge it; `not_found` when they are no
  /// member. Adding them again starts a new membership.
  virtual result<void> group_member_remove(std::int64_t group_id,
                                           protocol::user_id uid,
                                           std::int64_t left_at)
    = 0;

  /// Gives the member `uid` a new role; `not_found` when they are no member.
  virtual result<void> group_member_set_role(std::int64_t group_id,
                                             protocol::user_id uid,
                                             protocol::group_role role)
    = 0;

  /// Returns the (present) members of a group, by user id; empty for no
  /// group.
  virtual result<std::vector<group_member_record>>
  group_members(std::int64_t group_id) = 0;

  /// Returns at most `limit` of the groups `uid` is a member of with ids
  /// above `after`, by group id.
  virtual result<std::vector<membership_record>>
  groups_of(protocol::user_id uid, std::int64_t after, std::size_t limit) = 0;

  /// Returns a group's messages strictly between `after` and `before` (0:
  /// no bound), at most `limit`, oldest first: forward from `after` when
  /// given, else the newest. A member's backlog is what follows their
  /// `delivered_to`.
  virtual result<std::vector<message_record>>
  group_messages(std::int64_t group_id, std::int64_t before, std::int64_t after,
                 std::size_t limit)
    = 0;

  /// Stores an event of the group's stream: a `group_update` push, by its
  /// id, that every member gets whose position is below it.
  virtual result<void> group_event_store(std::int64_t group_id,
                                         const stored_push& push)
    = 0;

  /// Returns up to `limit` messages of the groups `uid` is a member of,
  /// oldest first, with ids above `after` and above the member's position
  /// in their group, not sent by `uid`: the member's group backlog.
  virtual result<std::vector<message_record>>
  group_messages_pending(protocol::user_id uid, std::int64_t after,
                         std::size_t limit)
    = 0;

  /// Returns likewise the pending events of those groups, `group_id` set.
  virtual result<std::vector<stored_push>>
  group_events_pending(protocol::user_id uid, std::int64_t after,
                       std::size_t limit)
    = 0;

  /// Records that member `uid` acknowledged the group's messages and events
  /// up to `msg_id`; a position never moves back, and a non-member has none.
  virtual result<void> group_member_delivered(std::int64_t group_id,
                                              protocol::user_id uid,
                                              std::int64_t msg_id)
    = 0;

  // -- who writes a group ----------------------------------------------------

  /// Claims the group for `host`: its owner epoch goes up by one and is
  /// answered, with the host that held it before. The group's row stays
  /// locked until the transaction ends, so a write that checked an older
  /// epoch (`group_owner_epoch`) either committed before or waits and then
  /// sees the new one. `not_found` when there is no such group.
  virtual result<group_claim_record> group_claim(std::int64_t group_id,
                                                 const group_host& host)
    = 0;

  /// Returns the group's owner epoch, its row locked until the transaction
  /// ends: no claim comes in between this read and the commit. Read once
  /// per transaction (later calls answer what the first read or this
  /// transaction's claim left). `not_found` when there is no such group.
  virtual result<std::int64_t> group_owner_epoch(std::int64_t group_id) = 0;

  /// Returns the largest id of the group's messages and events, 0 when none.
  virtual result<std::int64_t> group_largest_id(std::int64_t group_id) = 0;

  // -- the cluster's nodes ----------------------------------------------------

  /// Takes `lease.node_id` for `lease.incarnation` when no node holds it,
  /// its holder's lease ended before `now_ms`, it is this incarnation's
  /// already, or its holder is `replaces` (an incarnation known to be gone;
  /// 0: none); `conflict` when another incarnation holds it live.
  virtual result<void> node_lease_take(const node_lease& lease,
                                       std::int64_t now_ms,
                                       std::int64_t replaces = 0)
    = 0;

  /// Returns who holds `node_id`, live or not; `not_found` when nobody.
  virtual result<node_lease> node_lease_holder(std::uint32_t node_id) = 0;

  /// Moves the lease of `node_id` on to `until_ms` if `incarnation` still
  /// holds it; `conflict` when another incarnation took it.
  virtual result<void> node_lease_renew(std::uint32_t node_id,
                                        std::int64_t incarnation,
                                        std::int64_t until_ms)
    = 0;

  /// Gives up the lease of `node_id` if `incarnation` holds it.
  virtual result<void> node_lease_release(std::uint32_t node_id,
                                          std::int64_t incarnation)
    = 0;

  /// Returns the nodes whose lease lasts past `now_ms`, by node id.
  virtual result<std::vector<node_lease>> live_nodes(std::int64_t now_ms) = 0;
};

/// Returns an adapter for `s`. Never fails: a store that is down now is
/// connected to on first use, and its schema migrated then.
std::unique_ptr<adapter> make_adapter(const settings& s);

} // namespace troupe::storage
