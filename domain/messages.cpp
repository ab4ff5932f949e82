#include "domain/messages.hpp"

#include <utility>

#include "domain/group_claims.hpp"
#include "domain/message_views.hpp"

namespace troupe::domain {

using protocol::error_code;

namespace {

/// Checks that `sender` may send the file `body` names, and lets the
/// message's readers read it (`grant`).
template <class Grant>
result<void> share_file(storage::adapter& db, const std::string& body,
                        protocol::user_id sender, Grant grant) {
  auto file_id = std::stoll(body); // the decoder checked it is digits
  auto readable = db.file_readable(file_id, sender);
  if (!readable)
    return from_store(readable.error());
  if (!*readable)
    return error_code::no_such_file;
  return checked(grant(file_id));
}

/// Returns the recipient `to`, checked to be a friend of `sender`.
result<storage::contact_record> resolve_recipient(storage::adapter& db,
                                                  protocol::user_id sender,
                                                  const std::string& to) {
  auto target = db.contact_by_name(sender, to);
  if (!target)
    return from_store(target.error(), error_code::no_such_user);
  if (!target->is_friend)
    return error_code::not_friends;
  return std::move(*target);
}

/// Stores `m` and returns what its sender is answered, with the push for
/// its readers; for a request id used before, the first answer
/// (`repeated`) instead. Stored first, checked after: a request id used
/// before breaks the uniqueness rule, and then the first answer is the
/// answer.
result<sent_message> store_message(storage::adapter& db,
                                   const storage::message_record& m) {
  auto stored = db.message_store(m);
  if (!stored && stored.error() == storage::errc::conflict)
    return find_sent(db, m.sender_id, m.client_id);
  if (!stored)
    return from_store(stored.error());
  sent_message out;
  out.msg_id = m.msg_id;
  out.ts = m.ts;
  out.recipient = m.recipient_id;
  out.push = push_of(m);
  return out;
}

/// Returns a new message of `sender` with the content of `cmd`.
template <class Command>
storage::message_record
new_message(storage::id_generator& ids, std::int64_t now_ms, const Command& cmd,
            protocol::user_id sender, const std::string& sender_name,
            const std::string& client_id) {
  storage::message_record m;
  m.msg_id = ids.next();
  m.sender_id = sender;
  m.sender_name = sender_name;
  m.kind = cmd.kind;
  m.body = cmd.body;
  m.ts = now_ms;
  m.client_id = client_id;
  return m;
}

} // namespace

result<sent_message> send_message(storage::adapter& db,
                                  storage::id_generator& ids,
                                  std::int64_t now_ms, protocol::user_id sender,
                                  const std::string& sender_name,
                                  const std::string& client_id,
                                  const protocol::send_command& cmd) {
  auto to = resolve_recipient(db, sender, cmd.to);
  if (!to) {
    // A repeat of a request whose recipient is gone since still gets its
    // first answer.
    auto earlier = find_sent(db, sender, client_id);
    return earlier ? std::move(earlier) : to.error();
  }
  if (cmd.kind != protocol::message_kind::text)
    if (auto shared = share_file(
          db, cmd.body, sender,
          [&](std::int64_t file) { return db.file_grant(file, to->uid); });
        !shared)
      return shared.error();
  auto m = new_message(ids, now_ms, cmd, sender, sender_name, client_id);
  m.recipient_id = to->uid;
  m.recipient_name = to->username;
  auto sent = store_message(db, m);
  if (sent && !sent->repeated)
    if (auto pushed = db.push_store(to->uid, sent->push); !pushed)
      return from_store(pushed.error());
  return sent;
}

result<sent_message>
send_group_message(storage::adapter& db, storage::id_generator& ids,
                   std::int64_t now_ms, const group_claim& claim,
                   protocol::user_id sender, const std::string& sender_name,
                   const std::string& client_id,
                   const protocol::group_send_command& cmd) {
  if (auto held = check_claim(db, claim); !held)
    return held.error();
  if (cmd.kind != protocol::message_kind::text)
    if (auto shared = share_file(db, cmd.body, sender,
                                 [&](std::int64_t file) {
                                   return db.file_grant_group(file,
                                                              claim.group_id);
                                 });
        !shared)
      return shared.error();
  auto m = new_message(ids, now_ms, cmd, sender, sender_name, client_id);
  m.group_id = claim.group_id;
  // One row whatever the group's size: each member's position in the group
  // says what they have not yet acknowledged.
  return store_message(db, m);
}

result<sent_message> find_sent(storage::adapter& db, protocol::user_id sender,
                               const std::string& client_id) {
  auto earlier = db.message_by_client_id(sender, client_id);
  if (!earlier)
    return from_store(earlier.error());
  sent_message out;
  out.msg_id = earlier->msg_id;
  out.ts = earlier->ts;
  out.recipient = earlier->recipient_id;
  out.repeated = true;
  return out;
}

result<std::vector<storage::message_record>>
load_history(storage::adapter& db, protocol::user_id me,
             const std::string& with, std::int64_t before, std::int64_t after,
             std::size_t limit) {
  auto other = db.user_by_name(with);
  if (!other)
    return from_store(other.error(), error_code::not_friends);
  auto friends = db.friendship_exists(me, other->uid);
  if (!friends)
    return from_store(friends.error());
  if (!*friends) {
    // A former friend's history stays readable.
    auto talked = db.conversation_exists(me, other->uid);
    if (!talked)
      return from_store(talked.error());
    if (!*talked)
      return error_code::not_friends;
  }
  auto messages = db.conversation(me, other->uid, before, after, limit);
  if (!messages)
    return from_store(messages.error());
  return std::move(*messages);
}

result<std::vector<storage::message_record>>
load_group_history(storage::adapter& db, std::int64_t group_id,
                   std::int64_t before, std::int64_t after, std::size_t limit) {
  auto messages = db.group_messages(group_id, before, after, limit);
  if (!messages)
    return from_store(messages.error());
  return std::move(*messages);
}

} // namespace troupe::domain
