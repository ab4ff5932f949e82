#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "actors/storage_call.hpp"
#include "domain/files.hpp"
#include "domain/friends.hpp"
#include "domain/group_claims.hpp"
#include "domain/groups.hpp"
#include "domain/messages.hpp"
#include "domain/pushes.hpp"
#include "protocol/payloads.hpp"
#include "protocol/requests.hpp"
#include "storage/id_generator.hpp"
#include "storage/records.hpp"

/// The storage calls the node's actors make, one function each. A call runs
/// on a persistence worker inside its batch transaction; all its steps
/// commit together or not at all. Each runs the domain call of its name
/// (domain/), which holds the rules. Every call answers store faults with a
/// `storage::errc` error; the errors listed are protocol error codes. The
/// writes of a group actor carry its claim on the group and answer
/// `domain::claim_errc::superseded`, writing nothing, once it is lost.
namespace troupe::actors::store_calls {

using ids_ptr = std::shared_ptr<storage::id_generator>;

// -- accounts (store_calls_account.cpp)
// -------------------------------------------

/// Creates a user → `user_id`; `username_taken`.
storage_call<protocol::user_id> create_user(storage::new_user user);

/// Finds a user by name → `storage::user_record`; `no_such_user`.
storage_call<storage::user_record> find_user(std::string username);

/// Changes the fields `update` names → `ok`; `no_such_user`.
storage_call<void> update_profile(protocol::user_id uid,
                                  protocol::profile_update update);

/// Checks that the store answers → `ok`.
storage_call<void> check_health();

/// Records when the user logged in or out → `ok`.
storage_call<void> touch_last_seen(protocol::user_id uid, std::int64_t ts);

/// Records where the user is → `ok`.
storage_call<void> set_location(protocol::user_id uid,
                                protocol::location where);

/// Returns what `presence` shows `me` of `username` →
/// `storage::presence_record`; `not_friends` unless `username` is `me` or
/// a friend (an unknown user too).
storage_call<storage::presence_record> find_presence(protocol::user_id me,
                                                     std::string username);

// -- friends (store_calls_friends.cpp)
// --------------------------------------------

using domain::friend_change_outcome;
using domain::friend_request_outcome;

/// Asks `to_name` to be friends, or accepts their pending request →
/// `friend_request_outcome`; `no_such_user`, `cannot_friend_self`,
/// `already_friends`, `already_requested`. A new request past
/// `max_pending` pending ones to `to_name`, or from `from`, withdraws the
/// oldest of them with its stored push.
storage_call<friend_request_outcome>
request_friend(protocol::user_id from, std::string from_name,
               std::string to_name, std::string note, std::size_t max_pending,
               ids_ptr ids);

/// Accepts or rejects request `request_id`, which must be addressed to `me`
/// → `friend_change_outcome`; `no_such_request`.
storage_call<friend_change_outcome> respond_to_friend(protocol::user_id me,
                                                      std::string my_name,
                                                      std::int64_t request_id,
                                                      bool accept, ids_ptr ids);

/// Ends a friendship → `friend_change_outcome`; `not_friends`.
storage_call<friend_change_outcome> remove_friend(protocol::user_id me,
                                                  std::string my_name,
                                                  std::string other_name,
                                                  ids_ptr ids);

using domain::admin_befriended;

/// Makes `a_name` and `b_name` friends at once, dropping pending requests
/// between them → `admin_befriended`; `no_such_user`.
storage_call<admin_befriended> befriend_now(std::string a_name,
                                            std::string b_name, ids_ptr ids);

/// → `std::vector<storage::friend_record>`: at most `limit` friends from
/// the `offset`th on, as `friends` orders them.
storage_call<std::vector<storage::friend_record>>
list_friends(protocol::user_id uid, std::size_t offset, std::size_t limit);

/// → `std::vector<storage::friend_request_record>`, oldest first.
storage_call<std::vector<storage::friend_request_record>>
list_friend_requests(protocol::user_id uid);

// -- messages and delivery (store_calls_messages.cpp)
// -----------------------------

using domain::sent_message;

/// Stores a private message and its push for the recipient, or finds the
/// message this request id stored before → `sent_message`;
/// `no_such_user`, `not_friends`, `no_such_file`.
storage_call<sent_message>
send_message(protocol::user_id sender, std::string sender_name,
             std::string client_id, protocol::send_command cmd, ids_ptr ids);

/// Reads a private conversation → `std::vector<storage::message_record>`;
/// `not_friends` unless the two are friends or were (they exchanged
/// messages).
storage_call<std::vector<storage::message_record>>
load_history(protocol::user_id me, std::string with, std::int64_t before,
             std::int64_t after, std::size_t limit);

using domain::system_pushed;

/// Stores a `system` push for `username` → `system_pushed`;
/// `no_such_user`.
storage_call<system_pushed> store_system_message(std::string username,
                                                 std::string body, ids_ptr ids);

/// Stores a message to the group `claim` holds, or finds the message this
/// request id stored before → `sent_message` (its push goes to the members,
/// `recipient` 0); `no_such_file`. The group actor has checked the sender
/// may send.
storage_call<sent_message>
send_group_message(domain::group_claim claim, protocol::user_id sender,
                   std::string sender_name, std::string client_id,
                   protocol::group_send_command cmd, ids_ptr ids);

/// Finds the message `sender` stored with request id `client_id` →
/// `sent_message` (`repeated`); `internal` when there is none.
storage_call<sent_message> find_sent(protocol::user_id sender,
                                     std::string client_id);

/// Reads a group's messages → `std::vector<storage::message_record>`. The
/// group actor has checked the reader is a member.
storage_call<std::vector<storage::message_record>>
load_group_history(std::int64_t group_id, std::int64_t before,
                   std::int64_t after, std::size_t limit);

/// Reads the user's backlog after `after`, in id order: their own stored
/// pushes and what their groups hold past their positions there →
/// `std::vector<storage::stored_push>`, at most `limit`.
storage_call<std::vector<storage::stored_push>>
load_pushes(protocol::user_id uid, std::int64_t after, std::size_t limit);

/// Forgets acknowledged pushes of the user's own and moves their positions
/// in groups (group id → acknowledged up to) → `ok`.
storage_call<void>
forget_pushes(protocol::user_id uid, std::vector<std::int64_t> push_ids,
              std::map<std::int64_t, std::int64_t> positions);

// -- groups (store_calls_groups.cpp)
// ----------------------------------------------

/// Creates a group owned by `owner` → its id (`std::int64_t`).
storage_call<std::int64_t> create_group(protocol::user_id owner,
                                        std::string name, ids_ptr ids);

using domain::claimed_group;

/// Claims a group for its actor on `host`, reads it, and has `ids` issue ids
/// past the group's → `claimed_group`; `no_such_group`.
storage_call<claimed_group> claim_group(std::int64_t group_id,
                                        domain::group_host host, ids_ptr ids);

/// → `std::vector<storage::membership_record>`: at most `limit` groups
/// of `uid` with ids above `after`, by id.
storage_call<std::vector<storage::membership_record>>
list_groups(protocol::user_id uid, std::int64_t after, std::size_t limit);

using domain::group_changed;

/// Adds `username` as a member; their position starts just before the
/// `added` update, so that is the first they get → `group_changed`;
/// `no_such_user`, `already_member`.
storage_call<group_changed> add_group_member(domain::group_claim claim,
                                             std::string username,
                                             protocol::group_state state,
                                             ids_ptr ids);

/// Ends the membership of `uid` (kicked or left) → `group_changed`;
/// `not_member`.
storage_call<group_changed>
remove_group_member(domain::group_claim claim, protocol::user_id uid,
                    std::string username, protocol::group_role role,
                    protocol::group_state state, ids_ptr ids);

/// Gives member `uid` the role `role` → `group_changed`; `not_member`.
storage_call<group_changed>
set_group_role(domain::group_claim claim, protocol::user_id uid,
               std::string username, protocol::group_role role,
               protocol::group_state state, ids_ptr ids);

/// Sets the group's state; `owner` is who did → `group_changed`.
storage_call<group_changed> set_group_state(domain::group_claim claim,
                                            protocol::user_id owner,
                                            std::string owner_name,
                                            protocol::group_state state,
                                            ids_ptr ids);

// -- files (store_calls_files.cpp)
// ------------------------------------------------

/// Checks that `incoming` more bytes fit in `uploader`'s file quota of
/// `quota` bytes (0: no quota) → `ok`; `too_long`.
storage_call<void> check_file_quota(protocol::user_id uploader,
                                    std::uint64_t incoming,
                                    std::uint64_t quota);

/// Stores an upload within `uploader`'s file quota of `quota` bytes (0: no
/// quota) → `storage::file_record`; `too_long`.
storage_call<storage::file_record> store_file(protocol::user_id uploader,
                                              std::string content_type,
                                              std::string bytes,
                                              std::uint64_t quota, ids_ptr ids);

using domain::file_download;

/// Reads a file that `reader` may read → `file_download`; `no_such_file`
/// for an unknown file and for one `reader` may not see alike.
storage_call<file_download> read_file(std::int64_t file_id,
                                      protocol::user_id reader);

} // namespace troupe::actors::store_calls
