#pragma once

#include "protocol/encoder.hpp"
#include "protocol/payloads.hpp"
#include "storage/records.hpp"

namespace troupe::domain {

/// Returns a stored message as `message` pushes and `history` show it.
inline protocol::message_view view_of(const storage::message_record& m) {
  protocol::message_view v;
  v.msg_id = m.msg_id;
  v.from = m.sender_name;
  v.to = m.recipient_name;
  v.group_id = m.group_id;
  v.kind = m.kind;
  v.body = m.body;
  v.ts = m.ts;
  return v;
}

/// Returns the `message` push of `m`, under the message's own id.
inline storage::stored_push push_of(const storage::message_record& m) {
  storage::stored_push push;
  push.push_id = m.msg_id;
  push.payload = protocol::encode_message_push(view_of(m));
  push.group_id = m.group_id.value_or(0);
  return push;
}

} // namespace troupe::domain
