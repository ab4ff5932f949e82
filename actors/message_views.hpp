#pragma once

#include "protocol/payloads.hpp"
#include "storage/records.hpp"

namespace troupe::actors {

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

} // namespace troupe::actors
