#include <algorithm>
#include <limits>

#include <soci/soci.h>

#include "storage/soci_adapter.hpp"
#include "storage/soci_guarded.hpp"
#include "storage/soci_statements.hpp"

namespace troupe::storage {

namespace {

constexpr const char* select_request
  = "SELECT r.request_id, r.from_id, f.username, r.to_id, t.username,"
    " r.note, r.created_at, r.push_id FROM friend_requests r"
    " JOIN users f ON f.user_id = r.from_id"
    " JOIN users t ON t.user_id = r.to_id";

/// Runs `select_request` with `where`, binding `params` in order, and
/// returns every row.
template <class... Params>
std::vector<friend_request_record> select_requests(soci::session& sql,
                                                   const std::string& where,
                                                   const Params&... params) {
  friend_request_record r;
  auto query
    = (sql.prepare << std::string{select_request} + " " + where,
       soci::into(r.request_id), soci::into(r.from_id), soci::into(r.from_name),
       soci::into(r.to_id), soci::into(r.to_name), soci::into(r.note),
       soci::into(r.created_at), soci::into(r.push_id));
  (query, ..., soci::use(params));
  soci::statement st{query};
  std::vector<friend_request_record> out;
  st.execute();
  while (st.fetch())
    out.push_back(r);
  return out;
}

result<friend_request_record>
first_of(std::vector<friend_request_record> rows) {
  if (rows.empty())
    return errc::not_found;
  return std::move(rows.front());
}

} // namespace

result<std::int64_t> soci_adapter::friend_request_create(
  protocol::user_id from, protocol::user_id to, const std::string& note,
  std::int64_t ts, std::int64_t push_id) {
  return guarded<std::int64_t>([&](soci::session& sql) {
    sql << "INSERT INTO friend_requests"
           " (from_id, to_id, note, created_at, push_id)"
           " VALUES (:f, :t, :n, :c, :p)",
      soci::use(from), soci::use(to), soci::use(note), soci::use(ts),
      soci::use(push_id);
    long long id = 0;
    if (!sql.get_last_insert_id("friend_requests", id) || id <= 0)
      return result<std::int64_t>{errc::internal};
    return result<std::int64_t>{id};
  });
}

result<friend_request_record>
soci_adapter::friend_request_between(protocol::user_id from,
                                     protocol::user_id to) {
  return guarded<friend_request_record>([&](soci::session& sql) {
    return first_of(
      select_requests(sql, "WHERE r.from_id = :f AND r.to_id = :t", from, to));
  });
}

result<friend_request_record>
soci_adapter::friend_request_by_id(std::int64_t request_id) {
  return guarded<friend_request_record>([&](soci::session& sql) {
    return first_of(
      select_requests(sql, "WHERE r.request_id = :r", request_id));
  });
}

result<void> soci_adapter::friend_request_delete(std::int64_t request_id) {
  return guarded<void>([&](soci::session& sql) {
    sql << "DELETE FROM friend_requests WHERE request_id = :r",
      soci::use(request_id);
    return result<void>{};
  });
}

result<std::vector<friend_request_record>>
soci_adapter::friend_requests_of(protocol::user_id uid) {
  using list = std::vector<friend_request_record>;
  return guarded<list>([&](soci::session& sql) {
    return result<list>{select_requests(
      sql, "WHERE r.from_id = :u OR r.to_id = :u2 ORDER BY r.request_id", uid,
      uid)};
  });
}

result<std::vector<friend_request_record>>
soci_adapter::friend_requests_beyond(protocol::user_id uid, request_side side,
                                     std::size_t keep) {
  using list = std::vector<friend_request_record>;
  return guarded<list>([&](soci::session& sql) {
    std::string column = side == request_side::incoming ? "to_id" : "from_id";
    long long pending = 0;
    sql << "SELECT COUNT(*) FROM friend_requests WHERE " + column + " = :u",
      soci::into(pending), soci::use(uid);
    if (pending <= static_cast<long long>(keep))
      return result<list>{list{}};
    long long beyond = pending - static_cast<long long>(keep);
    return result<list>{select_requests(
      sql, "WHERE r." + column + " = :u ORDER BY r.request_id LIMIT :n", uid,
      beyond)};
  });
}

result<bool> soci_adapter::friendship_exists(protocol::user_id a,
                                             protocol::user_id b) {
  return guarded<bool>([&](soci::session&) {
    auto& q = hot().friendship;
    q.user = a;
    q.other = b;
    q.st.run_for_one_row(); // COUNT(*): always a row
    return result<bool>{q.count > 0};
  });
}

result<void> soci_adapter::friendship_create(protocol::user_id a,
                                             protocol::user_id b,
                                             std::int64_t ts) {
  contacts_ahead_.clear();
  return guarded<void>([&](soci::session& sql) {
    // One row per direction: each side lists its friends with one lookup.
    std::string insert = on_sqlite() ? "INSERT OR IGNORE" : "INSERT IGNORE";
    insert += " INTO friendships (user_id, friend_id, since)"
              " VALUES (:u, :f, :s)";
    sql << insert, soci::use(a), soci::use(b), soci::use(ts);
    sql << insert, soci::use(b), soci::use(a), soci::use(ts);
    return result<void>{};
  });
}

result<void> soci_adapter::friendship_delete(protocol::user_id a,
                                             protocol::user_id b) {
  contacts_ahead_.clear();
  return guarded<void>([&](soci::session& sql) {
    soci::statement st
      = (sql.prepare << "DELETE FROM friendships WHERE"
                        " (user_id = :a AND friend_id = :b)"
                        " OR (user_id = :b2 AND"
                        " friend_id = :a2)",
         soci::use(a), soci::use(b), soci::use(b), soci::use(a));
    st.execute(true);
    return st.get_affected_rows() > 0 ? result<void>{}
                                      : result<void>{errc::not_found};
  });
}

result<std::vector<friend_record>>
soci_adapter::friends_of(protocol::user_id uid, std::size_t offset,
                         std::size_t limit) {
  using list = std::vector<friend_record>;
  return guarded_reading_held<list>([&](soci::session& sql) {
    auto rows = static_cast<long long>(
      std::min<std::size_t>(limit, std::numeric_limits<long long>::max()));
    auto skipped = static_cast<long long>(offset);
    friend_record r;
    // The time of a conversation's newest message, read off the end of
    // the conversation index: no write per message keeps it.
    soci::statement st
      = (sql.prepare << "SELECT f.friend_id, u.username, u.nickname,"
                        " COALESCE((SELECT m.ts FROM messages m"
                        " WHERE m.conv_low = CASE WHEN f.user_id < f.friend_id"
                        " THEN f.user_id ELSE f.friend_id END"
                        " AND m.conv_high = CASE WHEN f.user_id < f.friend_id"
                        " THEN f.friend_id ELSE f.user_id END"
                        " ORDER BY m.msg_id DESC LIMIT 1), 0) AS last_at"
                        " FROM friendships f"
                        " JOIN users u ON u.user_id = f.friend_id"
                        " WHERE f.user_id = :u"
                        " ORDER BY last_at DESC, u.username"
                        " LIMIT :n OFFSET :o",
         soci::into(r.uid), soci::into(r.username), soci::into(r.nickname),
         soci::into(r.last_message_at), soci::use(uid), soci::use(rows),
         soci::use(skipped));
    list out;
    st.execute();
    while (st.fetch())
      out.push_back(r);
    return result<list>{std::move(out)};
  });
}

} // namespace troupe::storage
