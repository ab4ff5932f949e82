#include <algorithm>
#include <limits>

#include <soci/soci.h>

#include "storage/soci_adapter.hpp"
#include "storage/soci_guarded.hpp"
#include "storage/soci_rows.hpp"
#include "storage/soci_statements.hpp"

namespace troupe::storage {

namespace {

protocol::message_kind kind_of(const std::string& name) {
  return protocol::message_kind_from_string(name).value_or(
    protocol::message_kind::text);
}

/// A private conversation's key: its two users, lower id first.
std::pair<protocol::user_id, protocol::user_id>
conversation_key(protocol::user_id a, protocol::user_id b) {
  return {std::min(a, b), std::max(a, b)};
}

/// Reads the messages that match `key_condition`, joined with `join` (SQL
/// put right after `FROM messages m`; empty for none; the placeholders of
/// both bound to `keys`, in order of appearance), strictly between `after`
/// and `before` (0: no bound), at most `limit`, oldest first. Paging
/// `forward` takes the first messages after `after`; otherwise the newest
/// ones, read backwards and then turned around.
std::vector<message_record>
page_of_messages(soci::session& sql, const std::string& join,
                 const std::string& key_condition,
                 const std::vector<long long>& keys, std::int64_t before,
                 std::int64_t after, std::size_t limit, bool forward) {
  long long upper = before > 0 ? before : std::numeric_limits<long long>::max();
  long long lower = after;
  long long n = static_cast<long long>(limit);
  message_record m;
  std::string kind;
  long long recipient = 0;
  long long group = 0;
  std::string recipient_name;
  soci::indicator recipient_ind = soci::i_null;
  soci::indicator group_ind = soci::i_null;
  soci::indicator recipient_name_ind = soci::i_null;
  soci::statement st{sql};
  st.exchange(soci::into(m.msg_id));
  st.exchange(soci::into(m.sender_id));
  st.exchange(soci::into(m.sender_name));
  st.exchange(soci::into(recipient, recipient_ind));
  st.exchange(soci::into(recipient_name, recipient_name_ind));
  st.exchange(soci::into(group, group_ind));
  st.exchange(soci::into(kind));
  st.exchange(soci::into(m.body));
  st.exchange(soci::into(m.ts));
  for (auto& key : keys)
    st.exchange(soci::use(key));
  st.exchange(soci::use(lower));
  st.exchange(soci::use(upper));
  st.exchange(soci::use(n));
  st.alloc();
  st.prepare("SELECT m.msg_id, m.sender_id, s.username, m.recipient_id,"
             " r.username, m.group_id, m.kind, m.body, m.ts FROM messages m"
             + join
             + " JOIN users s ON s.user_id = m.sender_id"
               " LEFT JOIN users r ON r.user_id = m.recipient_id WHERE "
             + key_condition
             + " AND m.msg_id > :after AND m.msg_id < :before ORDER BY"
               " m.msg_id "
             + (forward ? "ASC" : "DESC") + " LIMIT :n");
  st.define_and_bind();
  std::vector<message_record> out;
  st.execute();
  while (st.fetch()) {
    m.kind = kind_of(kind);
    m.recipient_id = recipient_ind == soci::i_ok ? recipient : 0;
    m.recipient_name = recipient_name_ind == soci::i_ok ? recipient_name : "";
    m.group_id = group_ind == soci::i_ok ? std::optional<std::int64_t>{group}
                                         : std::nullopt;
    out.push_back(m);
  }
  if (!forward)
    std::reverse(out.begin(), out.end());
  return out;
}

} // namespace

result<message_record>
soci_adapter::message_by_client_id(protocol::user_id sender,
                                   const std::string& client_id) {
  return guarded_reading_held<message_record>([&](soci::session&) {
    auto& q = hot().message_by_client;
    q.sender = sender;
    q.client_id = client_id;
    if (!q.st.run_for_one_row())
      return result<message_record>{errc::not_found};
    message_record m;
    m.msg_id = q.msg_id;
    m.sender_id = sender;
    m.recipient_id = q.recipient_ind == soci::i_ok ? q.recipient : 0;
    if (q.group_ind == soci::i_ok)
      m.group_id = q.group;
    m.kind = kind_of(q.kind);
    m.body = q.body;
    m.ts = q.ts;
    m.client_id = client_id;
    return result<message_record>{std::move(m)};
  });
}

result<void> soci_adapter::message_store(const message_record& m) {
  return guarded<void>([&](soci::session& sql) {
    detail::message_row row{m};
    if (on_sqlite())
      hot().message_insert.run(std::move(row));
    else if (!held_.add(sql, std::move(row)))
      return result<void>{errc::conflict};
    return result<void>{};
  });
}

result<std::vector<message_record>>
soci_adapter::conversation(protocol::user_id a, protocol::user_id b,
                           std::int64_t before, std::int64_t after,
                           std::size_t limit) {
  using list = std::vector<message_record>;
  return guarded_reading_held<list>([&](soci::session& sql) {
    auto [low, high] = conversation_key(a, b);
    return result<list>{
      page_of_messages(sql, "", "m.conv_low = :lo AND m.conv_high = :hi",
                       {low, high}, before, after, limit, after > 0)};
  });
}

result<std::vector<message_record>>
soci_adapter::group_messages(std::int64_t group_id, std::int64_t before,
                             std::int64_t after, std::size_t limit) {
  using list = std::vector<message_record>;
  return guarded_reading_held<list>([&](soci::session& sql) {
    return result<list>{page_of_messages(sql, "", "m.group_id = :g", {group_id},
                                         before, after, limit, after > 0)};
  });
}

result<std::vector<message_record>>
soci_adapter::group_messages_pending(protocol::user_id uid, std::int64_t after,
                                     std::size_t limit) {
  using list = std::vector<message_record>;
  return guarded_reading_held<list>([&](soci::session& sql) {
    if (limit == 0)
      return result<list>{list{}};
    // Driven from the member's rows (group_members_user), each group's
    // messages then read from its position on (messages_group).
    return result<list>{page_of_messages(
      sql,
      " JOIN group_members gm ON gm.group_id = m.group_id"
      " AND gm.user_id = :u AND m.msg_id > gm.delivered_to"
      " AND (gm.left_at IS NULL OR m.msg_id <= gm.left_at)",
      "m.sender_id <> :u2", {uid, uid}, 0, after, limit, true)};
  });
}

result<bool> soci_adapter::conversation_exists(protocol::user_id a,
                                               protocol::user_id b) {
  return guarded_reading_held<bool>([&](soci::session& sql) {
    auto [low, high] = conversation_key(a, b);
    int found = 0;
    sql << "SELECT COUNT(*) FROM (SELECT 1 AS one FROM messages"
           " WHERE conv_low = :lo AND conv_high = :hi LIMIT 1) AS probe",
      soci::into(found), soci::use(low), soci::use(high);
    return result<bool>{found > 0};
  });
}

// -- delivery -----------------------------------------------------------------

result<void> soci_adapter::push_store(protocol::user_id uid,
                                      const stored_push& push) {
  return guarded<void>([&](soci::session& sql) {
    detail::push_row row{uid, push};
    if (on_sqlite())
      hot().push_insert.run(std::move(row));
    else
      held_.add(sql, std::move(row));
    return result<void>{};
  });
}

result<std::vector<stored_push>>
soci_adapter::pushes_after(protocol::user_id uid, std::int64_t after,
                           std::size_t limit) {
  using list = std::vector<stored_push>;
  return guarded_reading_held<list>([&](soci::session&) {
    list out;
    if (limit == 0)
      return result<list>{std::move(out)};
    // Row by row: SOCI 4.0.3's SQLite backend truncates 64-bit integers
    // fetched in bulk into vectors.
    auto& q = hot().pushes_after;
    q.user = uid;
    q.after = after;
    q.limit = static_cast<long long>(limit);
    q.st.run_for_rows();
    while (q.st.next_row())
      out.push_back({q.push_id, q.payload, 0});
    return result<list>{std::move(out)};
  });
}

result<void>
soci_adapter::push_delete(protocol::user_id uid,
                          const std::vector<std::int64_t>& push_ids) {
  if (push_ids.empty())
    return {};
  return guarded<void>([&](soci::session& sql) {
    if (!on_sqlite()) {
      held_.add(sql, detail::push_deletes{uid, push_ids});
      return result<void>{};
    }
    // In-process: a statement prepared once, run per id, costs next to
    // nothing.
    auto& q = hot().push_delete;
    q.user = uid;
    for (auto id : push_ids) {
      q.push_id = id;
      q.st.run();
    }
    return result<void>{};
  });
}

result<std::int64_t> soci_adapter::largest_issued_id() {
  return guarded_reading_held<std::int64_t>([&](soci::session& sql) {
    long long largest_message = 0;
    long long largest_push = 0;
    long long largest_event = 0;
    soci::indicator message_ind = soci::i_null;
    soci::indicator push_ind = soci::i_null;
    soci::indicator event_ind = soci::i_null;
    sql << "SELECT MAX(msg_id) FROM messages",
      soci::into(largest_message, message_ind);
    sql << "SELECT MAX(push_id) FROM pushes",
      soci::into(largest_push, push_ind);
    sql << "SELECT MAX(event_id) FROM group_events",
      soci::into(largest_event, event_ind);
    return result<std::int64_t>{
      std::max({message_ind == soci::i_ok ? largest_message : 0,
                push_ind == soci::i_ok ? largest_push : 0,
                event_ind == soci::i_ok ? largest_event : 0})};
  });
}

} // namespace troupe::storage
