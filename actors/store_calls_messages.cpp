#include "actors/store_call_support.hpp"
#include "protocol/encoder.hpp"

namespace troupe::actors::store_calls {

using namespace detail;

namespace {

/// Checks that `sender` may send the file `body` names, and lets
/// `recipient` read it; returns an error when it may not.
std::optional<caf::error> share_file(storage::adapter& db,
                                     const std::string& body,
                                     protocol::user_id sender,
                                     protocol::user_id recipient) {
  auto file_id = std::stoll(body); // the decoder checked it is digits
  auto readable = db.file_readable(file_id, sender);
  if (!readable)
    return failure(readable.error());
  if (!*readable)
    return caf::make_error(error_code::no_such_file);
  if (auto granted = db.file_grant(file_id, recipient); !granted)
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

/// Answers a request id used before with the message it stored then.
outcome repeated_send(storage::adapter& db, protocol::user_id sender,
                      const std::string& client_id) {
  auto earlier = db.message_by_client_id(sender, client_id);
  if (!earlier)
    return failure(earlier.error());
  sent_message out;
  out.msg_id = earlier->msg_id;
  out.ts = earlier->ts;
  out.recipient = earlier->recipient_id;
  out.repeated = true;
  return answer(std::move(out));
}

} // namespace

storage_call send_message(protocol::user_id sender, std::string sender_name,
                          std::string client_id, protocol::send_command cmd,
                          ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            auto to = resolve_recipient(db, sender, cmd.to);
            if (!to) {
              // A repeat of a request whose recipient is gone since still
              // gets its first answer.
              auto earlier = repeated_send(db, sender, client_id);
              return earlier ? earlier : outcome{to.error()};
            }
            if (cmd.kind != protocol::message_kind::text)
              if (auto refused = share_file(db, cmd.body, sender, to->uid))
                return std::move(*refused);
            storage::message_record m;
            m.msg_id = ids->next();
            m.sender_id = sender;
            m.recipient_id = to->uid;
            m.kind = cmd.kind;
            m.body = cmd.body;
            m.ts = unix_ms();
            m.client_id = client_id;
            // Stored first, checked after: a request id used before breaks
            // the uniqueness rule, and then the first answer is the answer.
            auto stored = db.message_store(m);
            if (!stored && stored.error() == storage::errc::conflict)
              return repeated_send(db, sender, client_id);
            if (!stored)
              return failure(stored.error());
            protocol::message_view view;
            view.msg_id = m.msg_id;
            view.from = sender_name;
            view.to = to->username;
            view.kind = m.kind;
            view.body = m.body;
            view.ts = m.ts;
            sent_message out;
            out.msg_id = m.msg_id;
            out.ts = m.ts;
            out.recipient = to->uid;
            out.push = {m.msg_id, protocol::encode_message_push(view)};
            if (auto pushed = db.push_store(to->uid, out.push); !pushed)
              return failure(pushed.error());
            return answer(std::move(out));
          },
          storage::contact_query{sender, cmd.to}};
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
            auto messages = db.conversation(me, other->uid, before, after,
                                            limit);
            if (!messages)
              return failure(messages.error());
            return answer(std::move(*messages));
          }};
}

storage_call load_pushes(protocol::user_id uid, std::int64_t after,
                         std::size_t limit) {
  return {false, [=](storage::adapter& db) -> outcome {
            auto pushes = db.pushes_after(uid, after, limit);
            if (!pushes)
              return failure(pushes.error());
            return answer(std::move(*pushes));
          }};
}

storage_call forget_pushes(protocol::user_id uid,
                           std::vector<std::int64_t> push_ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            return ok_or_failure(db.push_delete(uid, push_ids));
          }};
}

} // namespace troupe::actors::store_calls
