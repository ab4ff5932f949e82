#include <soci/soci.h>

#include "storage/soci_adapter.hpp"
#include "storage/soci_guarded.hpp"
#include "storage/soci_statements.hpp"

namespace troupe::storage {

namespace {

/// Binds every profile field of `update`, NULL where the update leaves the
/// field as it is (the SQL keeps the stored value via COALESCE).
struct profile_binding {
  std::array<std::string, protocol::profile_field_count> values;
  std::array<soci::indicator, protocol::profile_field_count> present;

  explicit profile_binding(const protocol::profile_update& update) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      present[i] = update.fields[i] ? soci::i_ok : soci::i_null;
      if (update.fields[i])
        values[i] = *update.fields[i];
    }
  }
};

} // namespace

// -- users --------------------------------------------------------------------

result<protocol::user_id> soci_adapter::user_create(const new_user& user) {
  return guarded<protocol::user_id>([&](soci::session& sql) {
    auto& p = user.profile.fields;
    sql << "INSERT INTO users (username, password_hash, nickname, email,"
           " phone, avatar, location, bio, public_key, created_at)"
           " VALUES (:u, :h, :f0, :f1, :f2, :f3, :f4, :f5, :f6, :c)",
      soci::use(user.username), soci::use(user.password_hash), soci::use(p[0]),
      soci::use(p[1]), soci::use(p[2]), soci::use(p[3]), soci::use(p[4]),
      soci::use(p[5]), soci::use(p[6]), soci::use(user.created_at);
    long long id = 0;
    if (!sql.get_last_insert_id("users", id) || id <= 0)
      return result<protocol::user_id>{errc::internal};
    return result<protocol::user_id>{id};
  });
}

result<user_record> soci_adapter::user_by_name(std::string_view username) {
  return guarded<user_record>([&](soci::session&) {
    auto& q = hot().user_by_name;
    q.name = std::string{username};
    if (!q.st.run_for_one_row())
      return result<user_record>{errc::not_found};
    user_record r;
    r.uid = q.uid;
    r.username = q.username;
    r.password_hash = q.password_hash;
    r.profile.fields = q.profile;
    r.created_at = q.created_at;
    return result<user_record>{std::move(r)};
  });
}

result<void>
soci_adapter::user_update_profile(protocol::user_id uid,
                                  const protocol::profile_update& update) {
  return guarded<void>([&](soci::session& sql) {
    profile_binding b{update};
    auto& v = b.values;
    auto& i = b.present;
    soci::statement st
      = (sql.prepare << "UPDATE users SET"
                        " nickname = COALESCE(:f0, nickname),"
                        " email = COALESCE(:f1, email),"
                        " phone = COALESCE(:f2, phone),"
                        " avatar = COALESCE(:f3, avatar),"
                        " location = COALESCE(:f4, location),"
                        " bio = COALESCE(:f5, bio),"
                        " public_key = COALESCE(:f6, public_key)"
                        " WHERE user_id = :id",
         soci::use(v[0], i[0]), soci::use(v[1], i[1]), soci::use(v[2], i[2]),
         soci::use(v[3], i[3]), soci::use(v[4], i[4]), soci::use(v[5], i[5]),
         soci::use(v[6], i[6]), soci::use(uid));
    st.execute(true);
    // Affected rows are matched rows on both backends (SOCI connects to
    // MariaDB with CLIENT_FOUND_ROWS), so an update that changes nothing
    // still finds its user.
    return st.get_affected_rows() > 0 ? result<void>{}
                                      : result<void>{errc::not_found};
  });
}

result<void> soci_adapter::user_set_last_seen(protocol::user_id uid,
                                              std::int64_t ts) {
  return guarded<void>([&](soci::session& sql) {
    sql << "UPDATE users SET last_seen = :ts WHERE user_id = :id",
      soci::use(ts), soci::use(uid);
    return result<void>{};
  });
}

result<void> soci_adapter::user_set_location(protocol::user_id uid,
                                             protocol::location where) {
  return guarded<void>([&](soci::session& sql) {
    sql << "UPDATE users SET latitude = :lat, longitude = :lon"
           " WHERE user_id = :id",
      soci::use(where.lat), soci::use(where.lon), soci::use(uid);
    return result<void>{};
  });
}

result<presence_record> soci_adapter::presence_of(std::string_view username) {
  return guarded<presence_record>([&](soci::session& sql) {
    presence_record r;
    std::string name{username};
    double lat = 0;
    double lon = 0;
    soci::indicator lat_ind = soci::i_null;
    soci::indicator lon_ind = soci::i_null;
    sql << "SELECT user_id, last_seen, latitude, longitude FROM users"
           " WHERE username = :u",
      soci::into(r.uid), soci::into(r.last_seen), soci::into(lat, lat_ind),
      soci::into(lon, lon_ind), soci::use(name);
    if (!sql.got_data())
      return result<presence_record>{errc::not_found};
    if (lat_ind == soci::i_ok && lon_ind == soci::i_ok)
      r.location = protocol::location{lat, lon};
    return result<presence_record>{r};
  });
}

} // namespace troupe::storage
