// Who a user is as another sees them: the lookup on the hot path of
// sending, one at a time, or on MariaDB a batch's at once when the batch's
// hint names them (a round trip saved per lookup).

#include <set>

#include <soci/soci.h>

#include "storage/soci_adapter.hpp"
#include "storage/soci_guarded.hpp"
#include "storage/soci_mariadb_text.hpp"
#include "storage/soci_statements.hpp"

namespace troupe::storage {

result<contact_record>
soci_adapter::contact_by_name(protocol::user_id viewer,
                              std::string_view username) {
  auto ahead = contacts_ahead_.find({viewer, std::string{username}});
  if (ahead != contacts_ahead_.end())
    return ahead->second;
  return guarded<contact_record>([&](soci::session&) {
    auto& q = hot().contact;
    q.viewer = viewer;
    q.name = std::string{username};
    if (!q.st.run_for_one_row())
      return result<contact_record>{errc::not_found};
    return result<contact_record>{
      contact_record{q.uid, q.username, q.friendships > 0}};
  });
}

namespace {

// The width of users.username on MariaDB (storage/migrations.cpp).
constexpr std::size_t stored_username_bytes = 32;

} // namespace

result<void> soci_adapter::take_hint(const batch_hint& hint) {
  // SQLite answers a prepared lookup in-process: nothing to save.
  auto& wanted = hint.contacts;
  if (on_sqlite() || !in_transaction_ || wanted.empty())
    return {};
  return guarded<void>([&](soci::session& sql) {
    std::set<std::pair<protocol::user_id, std::string>> keys;
    for (auto& w : wanted)
      // A name wider than the column matches no one; left out, it cannot
      // widen the derived table past what the server takes.
      if (w.username.size() <= stored_username_bytes)
        keys.emplace(w.viewer, w.username);
    if (keys.empty())
      return result<void>{};
    auto* conn = detail::native_connection(sql);
    // The names asked for, as a derived table joined to the users: one
    // round trip for the whole batch.
    std::string asked;
    for (auto& [viewer, name] : keys) {
      asked += asked.empty() ? "SELECT " : " UNION ALL SELECT ";
      asked += std::to_string(viewer) + " AS viewer, ";
      detail::append_literal(conn, asked, name);
      asked += " AS name";
    }
    detail::query_rows rows{
      conn, "SELECT a.viewer, a.name, u.user_id, u.username,"
            " (SELECT COUNT(*) FROM friendships f WHERE f.user_id = a.viewer"
            " AND f.friend_id = u.user_id) FROM ("
              + asked + ") AS a JOIN users u ON u.username = a.name"};
    while (rows.next())
      contacts_ahead_[{rows.integer(0), rows.text(1)}]
        = contact_record{rows.integer(2), rows.text(3), rows.integer(4) > 0};
    return result<void>{};
  });
}

} // namespace troupe::storage
