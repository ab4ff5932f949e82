#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/groups.hpp"
#include "domain/result.hpp"
#include "protocol/ids.hpp"
#include "protocol/requests.hpp"
#include "storage/adapter.hpp"
#include "storage/id_generator.hpp"

/// The rules of messages: who may send to whom, what a file message shares,
/// a repeated request id, who may read a conversation. Each call runs
/// inside the caller's transaction, at `now_ms` (ms since the epoch) where
/// it stores a time; the errors listed are the protocol codes a rule
/// answers (any call may also fail with a fault of the store).
namespace troupe::domain {

/// What `send` stored, and the push for the recipient.
struct sent_message {
  std::int64_t msg_id = 0;
  std::int64_t ts = 0;
  protocol::user_id recipient = 0;
  storage::stored_push push;
  /// Whether the request id was used before: nothing new was stored and
  /// nothing is to be pushed.
  bool repeated = false;
};

/// Stores a private message and its push for the recipient, or finds the
/// message this request id stored before; `no_such_user`, `not_friends`,
/// `no_such_file`.
result<sent_message> send_message(storage::adapter& db,
                                  storage::id_generator& ids,
                                  std::int64_t now_ms, protocol::user_id sender,
                                  const std::string& sender_name,
                                  const std::string& client_id,
                                  const protocol::send_command& cmd);

/// Stores a message to the group `claim` holds, or finds the message this
/// request id stored before (its push goes to the members, `recipient` 0);
/// `no_such_file`, `claim_errc::superseded` (group_claims.hpp). The group
/// actor has checked the sender may send.
result<sent_message>
send_group_message(storage::adapter& db, storage::id_generator& ids,
                   std::int64_t now_ms, const group_claim& claim,
                   protocol::user_id sender, const std::string& sender_name,
                   const std::string& client_id,
                   const protocol::group_send_command& cmd);

/// Finds the message `sender` stored with request id `client_id`
/// (`repeated`); `internal` when there is none.
result<sent_message> find_sent(storage::adapter& db, protocol::user_id sender,
                               const std::string& client_id);

/// Reads a private conversation; `not_friends` unless the two are friends
/// or were (they exchanged messages).
result<std::vector<storage::message_record>>
load_history(storage::adapter& db, protocol::user_id me,
             const std::string& with, std::int64_t before, std::int64_t after,
             std::size_t limit);

/// Reads a group's messages. The group actor has checked the reader is a
/// member.
result<std::vector<storage::message_record>>
load_group_history(storage::adapter& db, std::int64_t group_id,
                   std::int64_t before, std::int64_t after, std::size_t limit);

} // namespace troupe::domain
