#include <algorithm>
#include <limits>

#include <soci/soci.h>

#include "storage/soci_adapter.hpp"
#include "storage/soci_guarded.hpp"

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

} // namespace

result<message_record>
soci_adapter::message_by_client_id(protocol::user_id sender,
                                   const std::string& client_id) {
  return guarded<message_record>([&](soci::session& sql) {
    message_record m;
    std::string kind;
    soci::indicator recipient_ind = soci::i_null;
    sql << "SELECT msg_id, recipient_id, kind, body, ts FROM messages"
           " WHERE sender_id = :s AND client_id = :c",
      soci::into(m.msg_id), soci::into(m.recipient_id, recipient_ind),
      soci::into(kind), soci::into(m.body), soci::into(m.ts),
      soci::use(sender), soci::use(client_id);
    if (!sql.got_data())
      return result<message_record>{errc::not_found};
    m.sender_id = sender;
    m.kind = kind_of(kind);
    m.client_id = client_id;
    return result<message_record>{std::move(m)};
  });
}

result<void> soci_adapter::message_store(const message_record& m) {
  return guarded<void>([&](soci::session& sql) {
    auto [low, high] = conversation_key(m.sender_id, m.recipient_id);
    std::string kind{protocol::to_string(m.kind)};
    sql << "INSERT INTO messages (msg_id, sender_id, recipient_id, conv_low,"
           " conv_high, kind, body, ts, client_id)"
           " VALUES (:id, :s, :r, :lo, :hi, :k, :b, :ts, :c)",
      soci::use(m.msg_id), soci::use(m.sender_id), soci::use(m.recipient_id),
      soci::use(low), soci::use(high), soci::use(kind), soci::use(m.body),
      soci::use(m.ts), soci::use(m.client_id);
    sql << "UPDATE friendships SET last_message_at = :ts"
           " WHERE (user_id = :a AND friend_id = :b)"
           " OR (user_id = :b2 AND friend_id = :a2)",
      soci::use(m.ts), soci::use(m.sender_id), soci::use(m.recipient_id),
      soci::use(m.recipient_id), soci::use(m.sender_id);
    return result<void>{};
  });
}

result<std::vector<message_record>>
soci_adapter::conversation(protocol::user_id a, protocol::user_id b,
                           std::int64_t before, std::int64_t after,
                           std::size_t limit) {
  using list = std::vector<message_record>;
  return guarded<list>([&](soci::session& sql) {
    auto [low, high] = conversation_key(a, b);
    long long upper = before > 0 ? before
                                 : std::numeric_limits<long long>::max();
    long long lower = after;
    long long n = static_cast<long long>(limit);
    // Paging forward from `after` takes the first messages after it;
    // otherwise the newest ones, read backwards and then turned around.
    auto forward = after > 0;
    message_record m;
    std::string kind;
    soci::statement st
      = (sql.prepare << std::string{"SELECT m.msg_id, m.sender_id, s.username,"
                                    " m.recipient_id, r.username, m.kind,"
                                    " m.body, m.ts FROM messages m"
                                    " JOIN users s ON s.user_id = m.sender_id"
                                    " JOIN users r"
                                    " ON r.user_id = m.recipient_id"
                                    " WHERE m.conv_low = :lo"
                                    " AND m.conv_high = :hi"
                                    " AND m.msg_id > :after"
                                    " AND m.msg_id < :before ORDER BY"
                                    " m.msg_id "}
                           + (forward ? "ASC" : "DESC") + " LIMIT :n",
         soci::into(m.msg_id), soci::into(m.sender_id),
         soci::into(m.sender_name), soci::into(m.recipient_id),
         soci::into(m.recipient_name), soci::into(kind), soci::into(m.body),
         soci::into(m.ts), soci::use(low), soci::use(high), soci::use(lower),
         soci::use(upper), soci::use(n));
    list out;
    st.execute();
    while (st.fetch()) {
      m.kind = kind_of(kind);
      out.push_back(m);
    }
    if (!forward)
      std::reverse(out.begin(), out.end());
    return result<list>{std::move(out)};
  });
}

result<bool> soci_adapter::conversation_exists(protocol::user_id a,
                                               protocol::user_id b) {
  return guarded<bool>([&](soci::session& sql) {
    auto [low, high] = conversation_key(a, b);
    int found = 0;
    sql << "SELECT COUNT(*) FROM (SELECT 1 AS one FROM messages"
           " WHERE conv_low = :lo AND conv_high = :hi LIMIT 1) AS probe",
      soci::into(found), soci::use(low), soci::use(high);
    return result<bool>{found > 0};
  });
}

// -- delivery -------------------------------------------------------------------

result<void> soci_adapter::push_store(protocol::user_id uid,
                                      const stored_push& push) {
  return guarded<void>([&](soci::session& sql) {
    sql << "INSERT INTO pushes (user_id, push_id, payload)"
           " VALUES (:u, :p, :d)",
      soci::use(uid), soci::use(push.push_id), soci::use(push.payload);
    return result<void>{};
  });
}

result<std::vector<stored_push>>
soci_adapter::pushes_after(protocol::user_id uid, std::int64_t after,
                           std::size_t limit) {
  using list = std::vector<stored_push>;
  return guarded<list>([&](soci::session& sql) {
    list out;
    if (limit == 0)
      return result<list>{std::move(out)};
    // Row by row: SOCI 4.0.3's SQLite backend truncates 64-bit integers
    // fetched in bulk into vectors.
    stored_push push;
    long long n = static_cast<long long>(limit);
    soci::statement st = (sql.prepare << "SELECT push_id, payload FROM pushes"
                                         " WHERE user_id = :u"
                                         " AND push_id > :a"
                                         " ORDER BY push_id LIMIT :n",
                          soci::into(push.push_id), soci::into(push.payload),
                          soci::use(uid), soci::use(after), soci::use(n));
    st.execute();
    while (st.fetch())
      out.push_back(push);
    return result<list>{std::move(out)};
  });
}

result<void> soci_adapter::push_delete(protocol::user_id uid,
                                       std::int64_t push_id) {
  return guarded<void>([&](soci::session& sql) {
    sql << "DELETE FROM pushes WHERE user_id = :u AND push_id = :p",
      soci::use(uid), soci::use(push_id);
    return result<void>{};
  });
}

result<std::int64_t> soci_adapter::largest_issued_id() {
  return guarded<std::int64_t>([&](soci::session& sql) {
    long long largest_message = 0;
    long long largest_push = 0;
    soci::indicator message_ind = soci::i_null;
    soci::indicator push_ind = soci::i_null;
    sql << "SELECT MAX(msg_id) FROM messages",
      soci::into(largest_message, message_ind);
    sql << "SELECT MAX(push_id) FROM pushes", soci::into(largest_push, push_ind);
    return result<std::int64_t>{
      std::max(message_ind == soci::i_ok ? largest_message : 0,
               push_ind == soci::i_ok ? largest_push : 0)};
  });
}

} // namespace troupe::storage
