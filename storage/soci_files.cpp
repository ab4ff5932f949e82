#include <soci/soci.h>

#include "storage/soci_adapter.hpp"
#include "storage/soci_guarded.hpp"

namespace troupe::storage {

namespace {

// Files are stored in chunks: each row stays well below MariaDB's packet
// limit even after SOCI escapes its bytes, and no single value is huge.
constexpr std::size_t chunk_bytes = 512 * 1024;

} // namespace

result<void> soci_adapter::file_store(const file_record& meta,
                                      const std::string& bytes) {
  return guarded<void>([&](soci::session& sql) {
    sql << "INSERT INTO files (file_id, uploader_id, content_type, size,"
           " created_at) VALUES (:f, :u, :t, :s, :c)",
      soci::use(meta.file_id), soci::use(meta.uploader_id),
      soci::use(meta.content_type), soci::use(meta.size),
      soci::use(meta.created_at);
    std::string chunk;
    int seq = 0;
    soci::statement st
      = (sql.prepare << "INSERT INTO file_chunks"
                        " (file_id, seq, data)"
                        " VALUES (:f, :n, :d)",
         soci::use(meta.file_id), soci::use(seq), soci::use(chunk));
    for (std::size_t at = 0; at < bytes.size() || seq == 0;
         at += chunk_bytes, ++seq) {
      chunk = bytes.substr(at, chunk_bytes);
      st.execute(true);
    }
    return result<void>{};
  });
}

result<file_record> soci_adapter::file_meta(std::int64_t file_id) {
  return guarded<file_record>([&](soci::session& sql) {
    file_record meta;
    sql << "SELECT file_id, uploader_id, content_type, size, created_at"
           " FROM files WHERE file_id = :f",
      soci::into(meta.file_id), soci::into(meta.uploader_id),
      soci::into(meta.content_type), soci::into(meta.size),
      soci::into(meta.created_at), soci::use(file_id);
    if (!sql.got_data())
      return result<file_record>{errc::not_found};
    return result<file_record>{std::move(meta)};
  });
}

result<std::string> soci_adapter::file_bytes(std::int64_t file_id) {
  return guarded<std::string>([&](soci::session& sql) {
    std::string chunk;
    soci::statement st = (sql.prepare << "SELECT data FROM file_chunks"
                                         " WHERE file_id = :f ORDER BY seq",
                          soci::into(chunk), soci::use(file_id));
    std::string bytes;
    auto found = false;
    st.execute();
    while (st.fetch()) {
      found = true;
      bytes += chunk;
    }
    if (!found)
      return result<std::string>{errc::not_found};
    return result<std::string>{std::move(bytes)};
  });
}

result<std::int64_t> soci_adapter::uploaded_bytes(protocol::user_id uploader) {
  return guarded<std::int64_t>([&](soci::session& sql) {
    // The index files_uploader (uploader_id, size) covers this: it reads
    // the uploader's own rows and nothing else.
    long long total = 0;
    sql << "SELECT COALESCE(SUM(size), 0) FROM files WHERE uploader_id = :u",
      soci::into(total), soci::use(uploader);
    return result<std::int64_t>{static_cast<std::int64_t>(total)};
  });
}

result<bool> soci_adapter::file_readable(std::int64_t file_id,
                                         protocol::user_id uid) {
  return guarded<bool>([&](soci::session& sql) {
    int count = 0;
    sql << "SELECT (SELECT COUNT(*) FROM files WHERE file_id = :f"
           " AND uploader_id = :u) + (SELECT COUNT(*) FROM file_grants"
           " WHERE file_id = :f2 AND user_id = :u2) + (SELECT COUNT(*)"
           " FROM file_group_grants fg JOIN group_members gm"
           " ON gm.group_id = fg.group_id AND gm.user_id = :u3"
           " AND gm.left_at IS NULL"
           " WHERE fg.file_id = :f3)",
      soci::into(count), soci::use(file_id), soci::use(uid), soci::use(file_id),
      soci::use(uid), soci::use(uid), soci::use(file_id);
    return result<bool>{count > 0};
  });
}

result<void> soci_adapter::file_grant(std::int64_t file_id,
                                      protocol::user_id uid) {
  return guarded<void>([&](soci::session& sql) {
    std::string insert = on_sqlite() ? "INSERT OR IGNORE" : "INSERT IGNORE";
    sql << insert + " INTO file_grants (file_id, user_id) VALUES (:f, :u)",
      soci::use(file_id), soci::use(uid);
    return result<void>{};
  });
}

result<void> soci_adapter::file_grant_group(std::int64_t file_id,
                                            std::int64_t group_id) {
  return guarded<void>([&](soci::session& sql) {
    std::string insert = on_sqlite() ? "INSERT OR IGNORE" : "INSERT IGNORE";
    sql << insert
             + " INTO file_group_grants (file_id, group_id) VALUES (:f, :g)",
      soci::use(file_id), soci::use(group_id);
    return result<void>{};
  });
}

} // namespace troupe::storage
