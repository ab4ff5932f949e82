#include <algorithm>
#include <iterator>

#include "actors/message_views.hpp"
#include "actors/store_call_support.hpp"
#include "protocol/encoder.hpp"

namespace troupe::actors::store_calls {

using namespace detail;

namespace {

/// Checks that `sender` may send the file `body` names, and lets the
/// message's readers read it (`grant`); returns an error when it may not.
template <class Grant>
std::optional<caf::error> share_file(storage::adapter& db,
                                     const std::string& body,
                                     protocol::user_id sender, Grant grant) {
  auto file_id = std::stoll(body); // the decoder checked it is digits
  auto readable = db.file_readable(file_id, sender);
  if (!readable)
    return failure(readable.error());
  if (!*readable)
    return caf::make_error(error_code::no_such_file);
  if (auto granted = grant(file_id); !granted)
    return failure(granted.error());
  return std::nullopt;
}

/// Returns the recipient `to`, checked to be a friend of `sender`, or the
/// error to answer.
caf::expected<storage::contact_record>
resolve_recipient(storage::adapter& db, protocol::user_id sender,
                  const std::string& to) {
  auto target = db.contact_by_name(sender, to);
  if (!target)
    return failure(target.error(), error_code::no_such_user);
  if (!target->is_friend)
    return caf::make_error(error_code::not_friends);
  return std::move(*target);
}

/// Returns the `message` push of `m`.
storage::stored_push push_of(const storage::message_record& m) {
  storage::stored_push push;
  push.push_id = m.msg_id;
  push.payload = protocol::encode_message_push(view_of(m));
  push.group_id = m.group_id.value_or(0);
  return push;
}

/// Returns the first answer to a request id used before: the message it
/// stored then.
caf::expected<sent_message> repeated_send(storage::adapter& db,
                                          protocol::user_id sender,
                                          const std::string& client_id) {
  auto earlier = db.message_by_client_id(sender, client_id);
  if (!earlier)
    return failure(earlier.error());
  sent_message out;
  out.msg_id = earlier->msg_id;
  out.ts = earlier->ts;
  out.recipient = earlier->recipient_id;
  out.repeated = true;
  return out;
}

outcome answer_sent(caf::expected<sent_message> sent) {
  if (!sent)
    return std::move(sent.error());
  return answer(std::move(*sent));
}

/// Stores `m` and returns what its sender is answered, with the push for
/// its readers; for a request id used before, the first answer
/// (`repeated`) instead. Stored first, checked after: a request id used
/// before breaks the uniqueness rule, and then the first answer is the
/// answer.
caf::expected<sent_message> store_message(storage::adapter& db,
                                          const storage::message_record& m) {
  auto stored = db.message_store(m);
  if (!stored && stored.error() == storage::errc::conflict)
    return repeated_send(db, m.sender_id, m.client_id);
  if (!stored)
    return failure(stored.error());
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
new_message(const Command& cmd, protocol::user_id sender,
            const std::string& sender_name, const std::string& client_id,
            storage::id_generator& ids) {
  storage::message_record m;
  m.msg_id = ids.next();
  m.sender_id = sender;
  m.sender_name = sender_name;
  m.kind = cmd.kind;
  m.body = cmd.body;
  m.ts = unix_ms();
  m.client_id = client_id;
  return m;
}

} // namespace

storage_call send_message(protocol::user_id sender, std::string sender_name,
                          std::string client_id, protocol::send_command cmd,
                          ids_ptr ids) {
  return {true,
          [=](storage::adapter& db) -> outcome {
            auto to = resolve_recipient(db, sender, cmd.to);
            if (!to) {
              // A repeat of a request whose recipient is gone since still
              // gets its first answer.
              auto earlier = repeated_send(db, sender, client_id);
              return earlier ? answer_sent(std::move(earlier))
                             : outcome{to.error()};
            }
            if (cmd.kind != protocol::message_kind::text)
              if (auto refused
                  = share_file(db, cmd.body, sender, [&](std::int64_t file) {
                      return db.file_grant(file, to->uid);
                    }))
                return std::move(*refused);
            auto m = new_message(cmd, sender, sender_name, client_id, *ids);
            m.recipient_id = to->uid;
            m.recipient_name = to->username;
            auto sent = store_message(db, m);
            if (sent && !sent->repeated)
              if (auto pushed = db.push_store(to->uid, sent->push); !pushed)
                return failure(pushed.error());
            return answer_sent(std::move(sent));
          },
          storage::contact_query{sender, cmd.to}};
}

storage_call send_group_message(protocol::user_id sender,
                                std::string sender_name, std::string client_id,
                                protocol::group_send_command cmd, ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            if (cmd.kind != protocol::message_kind::text)
              if (auto refused
                  = share_file(db, cmd.body, sender, [&](std::int64_t file) {
                      return db.file_grant_group(file, cmd.group_id);
                    }))
                return std::move(*refused);
            auto m = new_message(cmd, sender, sender_name, client_id, *ids);
            m.group_id = cmd.group_id;
            // One row whatever the group's size: each member's position in
            // the group says what they have not yet acknowledged.
            return answer_sent(store_message(db, m));
          }};
}

storage_call find_sent(protocol::user_id sender, std::string client_id) {
  return {false, [=](storage::adapter& db) -> outcome {
            return answer_sent(repeated_send(db, sender, client_id));
          }};
}

storage_call load_group_history(std::int64_t group_id, std::int64_t before,
                                std::int64_t after, std::size_t limit) {
  return {false, [=](storage::adapter& db) -> outcome {
            auto messages = db.group_messages(group_id, before, after, limit);
            if (!messages)
              return failure(messages.error());
            return answer(std::move(*messages));
          }};
}

storage_call load_history(protocol::user_id me, std::string with,
                          std::int64_t before, std::int64_t after,
                          std::size_t limit) {
  return {false, [=](storage::adapter& db) -> outcome {
            auto other = db.user_by_name(with);
            if (!other)
              return failure(other.error(), error_code::not_friends);
            auto friends = db.friendship_exists(me, other->uid);
            if (!friends)
              return failure(friends.error());
            if (!*friends) {
              // A former friend's history stays readable.
              auto talked = db.conversation_exists(me, other->uid);
              if (!talked)
                return failure(talked.error());
              if (!*talked)
                return caf::make_error(error_code::not_friends);
            }
            auto messages
              = db.conversation(me, other->uid, before, after, limit);
            if (!messages)
              return failure(messages.error());
            return answer(std::move(*messages));
          }};
}

storage_call store_system_message(std::string username, std::string body,
                                  ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            auto user = db.user_by_name(username);
            if (!user)
              return failure(user.error(), error_code::no_such_user);
            system_pushed out;
            out.uid = user->uid;
            out.push.push_id = ids->next();
            out.push.payload
              = protocol::encode_system_push(out.push.push_id, body, unix_ms());
            if (auto stored = db.push_store(out.uid, out.push); !stored)
              return failure(stored.error());
            return answer(std::move(out));
          }};
}

storage_call load_pushes(protocol::user_id uid, std::int64_t after,
                         std::size_t limit) {
  return {false, [=](storage::adapter& db) -> outcome {
            auto own = db.pushes_after(uid, after, limit);
            if (!own)
              return failure(own.error());
            auto events = db.group_events_pending(uid, after, limit);
            if (!events)
              return failure(events.error());
            auto messages = db.group_messages_pending(uid, after, limit);
            if (!messages)
              return failure(messages.error());
            // Each list holds the first `limit` of its kind after `after`,
            // so the first `limit` of their merge are the first overall.
            std::vector<storage::stored_push> group_items;
            group_items.reserve(messages->size());
            for (auto& m : *messages)
              group_items.push_back(push_of(m));
            auto by_id = [](const storage::stored_push& a,
                            const storage::stored_push& b) {
              return a.push_id < b.push_id;
            };
            std::vector<storage::stored_push> groups_merged;
            std::merge(std::make_move_iterator(events->begin()),
                       std::make_move_iterator(events->end()),
                       std::make_move_iterator(group_items.begin()),
                       std::make_move_iterator(group_items.end()),
                       std::back_inserter(groups_merged), by_id);
            std::vector<storage::stored_push> page;
            std::merge(std::make_move_iterator(own->begin()),
                       std::make_move_iterator(own->end()),
                       std::make_move_iterator(groups_merged.begin()),
                       std::make_move_iterator(groups_merged.end()),
                       std::back_inserter(page), by_id);
            if (page.size() > limit)
              page.resize(limit);
            return answer(std::move(page));
          }};
}

storage_call forget_pushes(protocol::user_id uid,
                           std::vector<std::int64_t> push_ids,
                           std::map<std::int64_t, std::int64_t> positions) {
  return {true, [=](storage::adapter& db) -> outcome {
            if (!push_ids.empty())
              if (auto forgotten = db.push_delete(uid, push_ids); !forgotten)
                return failure(forgotten.error());
            for (auto [group_id, upto] : positions)
              if (auto moved = db.group_member_delivered(group_id, uid, upto);
                  !moved)
                return failure(moved.error());
            return ok();
          }};
}

} // namespace troupe::actors::store_calls
