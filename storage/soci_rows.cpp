#include "storage/soci_rows.hpp"

#include <algorithm>

namespace troupe::storage::detail {

namespace {

nullable_integer value(long long v) {
  return {v, soci::i_ok};
}

} // namespace

message_row::message_row(const message_record& m)
  : msg_id(m.msg_id), sender_id(m.sender_id), kind(protocol::to_string(m.kind)),
    body(m.body), ts(m.ts), client_id(m.client_id) {
  if (m.group_id) {
    group_id = value(*m.group_id);
    return;
  }
  recipient_id = value(m.recipient_id);
  conv_low = value(std::min(m.sender_id, m.recipient_id));
  conv_high = value(std::max(m.sender_id, m.recipient_id));
}

push_row::push_row(protocol::user_id uid, const stored_push& push)
  : user_id(uid), push_id(push.push_id), payload(push.payload) {
  // nop
}

void append_push_delete_condition(std::string& out, const std::string& user,
                                  const std::vector<std::string>& ids) {
  out += "(user_id = " + user + " AND push_id IN (";
  for (std::size_t i = 0; i < ids.size(); ++i)
    out += (i == 0 ? "" : ",") + ids[i];
  out += "))";
}

} // namespace troupe::storage::detail
