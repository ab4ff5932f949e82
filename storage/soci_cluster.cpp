#include <soci/soci.h>

#include "storage/soci_adapter.hpp"
#include "storage/soci_guarded.hpp"

namespace troupe::storage {

namespace {

/// Returns the incarnation holding `node_id`'s row, or nothing.
std::optional<std::int64_t> holder_of(soci::session& sql,
                                      std::uint32_t node_id) {
  long long incarnation = 0;
  int id = static_cast<int>(node_id);
  sql << "SELECT incarnation FROM cluster_nodes WHERE node_id = :n",
    soci::into(incarnation), soci::use(id);
  if (!sql.got_data())
    return std::nullopt;
  return incarnation;
}

} // namespace

// -- the cluster's nodes ------------------------------------------------------

// The UPDATEs are checked by reading the row back, not by counting rows:
// MariaDB counts only the rows an UPDATE changed, not those it matched.

result<void> soci_adapter::node_lease_take(const node_lease& lease,
                                           std::int64_t now_ms,
                                           std::int64_t replaces) {
  return guarded<void>([&](soci::session& sql) {
    int id = static_cast<int>(lease.node_id);
    long long incarnation = lease.incarnation;
    long long until = lease.lease_until;
    long long now = now_ms;
    long long gone = replaces;
    int port = lease.port;
    sql << "UPDATE cluster_nodes SET incarnation = :i, host = :h, port = :p,"
           " lease_until = :u"
           " WHERE node_id = :n"
           " AND (lease_until < :now OR incarnation = :i2 OR incarnation = :r)",
      soci::use(incarnation), soci::use(lease.host), soci::use(port),
      soci::use(until), soci::use(id), soci::use(now), soci::use(incarnation),
      soci::use(gone);
    if (auto holder = holder_of(sql, lease.node_id))
      return *holder == incarnation ? result<void>{} : errc::conflict;
    // A node taking the same id at this moment makes this INSERT fail
    // (`conflict`) or wait and then fail: one of the two gets it.
    sql << "INSERT INTO cluster_nodes (node_id, incarnation, host, port,"
           " lease_until) VALUES (:n, :i, :h, :p, :u)",
      soci::use(id), soci::use(incarnation), soci::use(lease.host),
      soci::use(port), soci::use(until);
    return result<void>{};
  });
}

result<node_lease> soci_adapter::node_lease_holder(std::uint32_t node_id) {
  return guarded<node_lease>([&](soci::session& sql) {
    int id = static_cast<int>(node_id);
    long long incarnation = 0;
    std::string host;
    int port = 0;
    long long until = 0;
    sql << "SELECT incarnation, host, port, lease_until FROM cluster_nodes"
           " WHERE node_id = :n",
      soci::into(incarnation), soci::into(host), soci::into(port),
      soci::into(until), soci::use(id);
    if (!sql.got_data())
      return result<node_lease>{errc::not_found};
    return result<node_lease>{node_lease{
      node_id, incarnation, host, static_cast<std::uint16_t>(port), until}};
  });
}

result<void> soci_adapter::node_lease_renew(std::uint32_t node_id,
                                            std::int64_t incarnation,
                                            std::int64_t until_ms) {
  return guarded<void>([&](soci::session& sql) {
    int id = static_cast<int>(node_id);
    long long ours = incarnation;
    long long until = until_ms;
    sql << "UPDATE cluster_nodes SET lease_until = :u"
           " WHERE node_id = :n AND incarnation = :i",
      soci::use(until), soci::use(id), soci::use(ours);
    auto holder = holder_of(sql, node_id);
    return holder && *holder == ours ? result<void>{} : errc::conflict;
  });
}

result<void> soci_adapter::node_lease_release(std::uint32_t node_id,
                                              std::int64_t incarnation) {
  return guarded<void>([&](soci::session& sql) {
    int id = static_cast<int>(node_id);
    long long ours = incarnation;
    sql << "DELETE FROM cluster_nodes WHERE node_id = :n AND incarnation = :i",
      soci::use(id), soci::use(ours);
    return result<void>{};
  });
}

result<std::vector<node_lease>> soci_adapter::live_nodes(std::int64_t now_ms) {
  return guarded<std::vector<node_lease>>([&](soci::session& sql) {
    long long now = now_ms;
    int id = 0;
    long long incarnation = 0;
    std::string host;
    int port = 0;
    long long until = 0;
    soci::statement st
      = (sql.prepare << "SELECT node_id, incarnation, host, port, lease_until"
                        " FROM cluster_nodes WHERE lease_until >= :now"
                        " ORDER BY node_id",
         soci::into(id), soci::into(incarnation), soci::into(host),
         soci::into(port), soci::into(until), soci::use(now));
    st.execute();
    std::vector<node_lease> out;
    while (st.fetch())
      out.push_back(node_lease{static_cast<std::uint32_t>(id), incarnation,
                               host, static_cast<std::uint16_t>(port), until});
    return result<std::vector<node_lease>>{std::move(out)};
  });
}

} // namespace troupe::storage
