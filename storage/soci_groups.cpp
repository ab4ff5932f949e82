// Groups and their members. A group's messages are rows of `messages`
// (soci_messages.cpp); here are the groups themselves, who belongs to them
// and in which role.

#include <algorithm>
#include <limits>

#include <soci/soci.h>

#include "storage/soci_adapter.hpp"
#include "storage/soci_guarded.hpp"

namespace troupe::storage {

namespace {

protocol::group_role role_of(const std::string& name) {
  return protocol::group_role_from_string(name).value_or(
    protocol::group_role::member);
}

protocol::group_state state_of(const std::string& name) {
  return protocol::group_state_from_string(name).value_or(
    protocol::group_state::normal);
}

/// Returns ok when `st` changed a row, `not_found` when it changed none.
result<void> changed_one(soci::statement& st) {
  return st.get_affected_rows() > 0 ? result<void>{}
                                    : result<void>{errc::not_found};
}

} // namespace

result<void> soci_adapter::group_create(const group_record& group,
                                        protocol::user_id owner) {
  return guarded<void>([&](soci::session& sql) {
    std::string state{protocol::to_string(group.state)};
    std::string role{protocol::to_string(protocol::group_role::owner)};
    sql << "INSERT INTO chat_groups (group_id, name, state, created_at)"
           " VALUES (:g, :n, :s, :t)",
      soci::use(group.group_id), soci::use(group.name), soci::use(state),
      soci::use(group.created_at);
    sql << "INSERT INTO group_members (group_id, user_id, role, joined_at)"
           " VALUES (:g, :u, :r, :t)",
      soci::use(group.group_id), soci::use(owner), soci::use(role),
      soci::use(group.created_at);
    return result<void>{};
  });
}

result<group_record> soci_adapter::group_by_id(std::int64_t group_id) {
  return guarded<group_record>([&](soci::session& sql) {
    group_record g;
    std::string state;
    sql << "SELECT group_id, name, state, created_at FROM chat_groups"
           " WHERE group_id = :g",
      soci::into(g.group_id), soci::into(g.name), soci::into(state),
      soci::into(g.created_at), soci::use(group_id);
    if (!sql.got_data())
      return result<group_record>{errc::not_found};
    g.state = state_of(state);
    return result<group_record>{std::move(g)};
  });
}

result<void> soci_adapter::group_set_state(std::int64_t group_id,
                                           protocol::group_state state) {
  return guarded<void>([&](soci::session& sql) {
    std::string name{protocol::to_string(state)};
    soci::statement st = (sql.prepare << "UPDATE chat_groups SET state = :s"
                                         " WHERE group_id = :g",
                          soci::use(name), soci::use(group_id));
    st.execute(true);
    // MariaDB counts rows changed, not matched: setting the state a group
    // has already changes none, and the group still exists.
    if (st.get_affected_rows() == 0 && !on_sqlite()) {
      int found = 0;
      sql << "SELECT COUNT(*) FROM chat_groups WHERE group_id = :g",
        soci::into(found), soci::use(group_id);
      return found > 0 ? result<void>{} : result<void>{errc::not_found};
    }
    return changed_one(st);
  });
}

result<void> soci_adapter::group_member_add(std::int64_t group_id,
                                            protocol::user_id uid,
                                            protocol::group_role role,
                                            std::int64_t ts,
                                            std::int64_t delivered_to) {
  return guarded<void>([&](soci::session& sql) {
    std::string name{protocol::to_string(role)};
    // A former member's row comes back to life: what they had not
    // acknowledged from their earlier membership is no backlog any more.
    soci::statement rejoin
      = (sql.prepare << "UPDATE group_members SET role = :r, joined_at = :t,"
                        " delivered_to = :d, left_at = NULL"
                        " WHERE group_id = :g AND user_id = :u"
                        " AND left_at IS NOT NULL",
         soci::use(name), soci::use(ts), soci::use(delivered_to),
         soci::use(group_id), soci::use(uid));
    rejoin.execute(true);
    if (rejoin.get_affected_rows() > 0)
      return result<void>{};
    sql << "INSERT INTO group_members (group_id, user_id, role, joined_at,"
           " delivered_to) VALUES (:g, :u, :r, :t, :d)",
      soci::use(group_id), soci::use(uid), soci::use(name), soci::use(ts),
      soci::use(delivered_to);
    return result<void>{};
  });
}

result<void> soci_adapter::group_member_remove(std::int64_t group_id,
                                               protocol::user_id uid,
                                               std::int64_t left_at) {
  return guarded<void>([&](soci::session& sql) {
    soci::statement st
      = (sql.prepare << "UPDATE group_members"
                        " SET left_at = :e"
                        " WHERE group_id = :g"
                        " AND user_id = :u"
                        " AND left_at IS NULL",
         soci::use(left_at), soci::use(group_id), soci::use(uid));
    st.execute(true);
    return changed_one(st);
  });
}

result<void> soci_adapter::group_member_set_role(std::int64_t group_id,
                                                 protocol::user_id uid,
                                                 protocol::group_role role) {
  return guarded<void>([&](soci::session& sql) {
    std::string name{protocol::to_string(role)};
    // Matched, not changed: the same role again is no error.
    int found = 0;
    sql << "SELECT COUNT(*) FROM group_members WHERE group_id = :g"
           " AND user_id = :u AND left_at IS NULL",
      soci::into(found), soci::use(group_id), soci::use(uid);
    if (found == 0)
      return result<void>{errc::not_found};
    sql << "UPDATE group_members SET role = :r WHERE group_id = :g"
           " AND user_id = :u AND left_at IS NULL",
      soci::use(name), soci::use(group_id), soci::use(uid);
    return result<void>{};
  });
}

result<std::vector<group_member_record>>
soci_adapter::group_members(std::int64_t group_id) {
  using list = std::vector<group_member_record>;
  return guarded<list>([&](soci::session& sql) {
    group_member_record m;
    std::string role;
    soci::statement st
      = (sql.prepare << "SELECT m.user_id, u.username, m.role, m.delivered_to"
                        " FROM group_members m"
                        " JOIN users u ON u.user_id = m.user_id"
                        " WHERE m.group_id = :g AND m.left_at IS NULL"
                        " ORDER BY m.user_id",
         soci::into(m.uid), soci::into(m.username), soci::into(role),
         soci::into(m.delivered_to), soci::use(group_id));
    list out;
    st.execute();
    while (st.fetch()) {
      m.role = role_of(role);
      out.push_back(m);
    }
    return result<list>{std::move(out)};
  });
}

result<std::vector<membership_record>>
soci_adapter::groups_of(protocol::user_id uid, std::int64_t after,
                        std::size_t limit) {
  using list = std::vector<membership_record>;
  return guarded<list>([&](soci::session& sql) {
    auto rows = static_cast<long long>(
      std::min<std::size_t>(limit, std::numeric_limits<long long>::max()));
    membership_record g;
    std::string role;
    std::string state;
    soci::statement st
      = (sql.prepare << "SELECT g.group_id, g.name, m.role, g.state"
                        " FROM group_members m"
                        " JOIN chat_groups g ON g.group_id = m.group_id"
                        " WHERE m.user_id = :u AND m.left_at IS NULL"
                        " AND m.group_id > :a ORDER BY m.group_id LIMIT :n",
         soci::into(g.group_id), soci::into(g.name), soci::into(role),
         soci::into(state), soci::use(uid), soci::use(after), soci::use(rows));
    list out;
    st.execute();
    while (st.fetch()) {
      g.role = role_of(role);
      g.state = state_of(state);
      out.push_back(g);
    }
    return result<list>{std::move(out)};
  });
}

// -- the group stream ---------------------------------------------------------

// A group's stream is its messages (soci_messages.cpp) and its events,
// here: each member reads both past their `delivered_to`.

result<void> soci_adapter::group_event_store(std::int64_t group_id,
                                             const stored_push& push) {
  return guarded<void>([&](soci::session& sql) {
    sql << "INSERT INTO group_events (event_id, group_id, payload)"
           " VALUES (:e, :g, :p)",
      soci::use(push.push_id), soci::use(group_id), soci::use(push.payload);
    return result<void>{};
  });
}

result<std::vector<stored_push>>
soci_adapter::group_events_pending(protocol::user_id uid, std::int64_t after,
                                   std::size_t limit) {
  using list = std::vector<stored_push>;
  return guarded<list>([&](soci::session& sql) {
    list out;
    if (limit == 0)
      return result<list>{std::move(out)};
    long long event_id = 0;
    long long group_id = 0;
    std::string payload;
    long long lower = after;
    long long n = static_cast<long long>(limit);
    // Driven from the member's rows (group_members_user), each group's
    // events then read from its position on (group_events_group). Row by
    // row: SOCI 4.0.3's SQLite backend truncates 64-bit integers fetched
    // in bulk into vectors.
    soci::statement st
      = (sql.prepare << "SELECT e.event_id, e.payload, e.group_id"
                        " FROM group_members gm"
                        " JOIN group_events e ON e.group_id = gm.group_id"
                        " AND e.event_id > gm.delivered_to"
                        " AND (gm.left_at IS NULL OR e.event_id <= gm.left_at)"
                        " WHERE gm.user_id = :u AND e.event_id > :a"
                        " ORDER BY e.event_id LIMIT :n",
         soci::into(event_id), soci::into(payload), soci::into(group_id),
         soci::use(uid), soci::use(lower), soci::use(n));
    st.execute();
    while (st.fetch())
      out.push_back({event_id, payload, group_id});
    return result<list>{std::move(out)};
  });
}

result<void> soci_adapter::group_member_delivered(std::int64_t group_id,
                                                  protocol::user_id uid,
                                                  std::int64_t msg_id) {
  return guarded<void>([&](soci::session& sql) {
    sql << "UPDATE group_members SET delivered_to = :m WHERE group_id = :g"
           " AND user_id = :u AND delivered_to < :m2",
      soci::use(msg_id), soci::use(group_id), soci::use(uid), soci::use(msg_id);
    // A former member who has everything from their membership is done.
    sql << "DELETE FROM group_members WHERE group_id = :g AND user_id = :u"
           " AND left_at IS NOT NULL AND delivered_to >= left_at",
      soci::use(group_id), soci::use(uid);
    return result<void>{};
  });
}

} // namespace troupe::storage
