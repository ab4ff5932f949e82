#include "domain/files.hpp"

namespace troupe::domain {

using protocol::error_code;

result<void> check_file_quota(storage::adapter& db, protocol::user_id uploader,
                              std::uint64_t incoming, std::uint64_t quota) {
  if (quota == 0)
    return {};
  auto stored = db.uploaded_bytes(uploader);
  if (!stored)
    return from_store(stored.error());
  auto used = static_cast<std::uint64_t>(*stored);
  if (used > quota || incoming > quota - used)
    return error_code::too_long;
  return {};
}

result<storage::file_record>
store_file(storage::adapter& db, storage::id_generator& ids,
           std::int64_t now_ms, protocol::user_id uploader,
           const std::string& content_type, const std::string& bytes,
           std::uint64_t quota) {
  // Checked again here: an upload of unknown size, or others of the same
  // user admitted meanwhile, may not fit after all. A user's uploads go to
  // one worker, one at a time.
  if (auto fits = check_file_quota(db, uploader, bytes.size(), quota); !fits)
    return fits.error();
  storage::file_record meta;
  meta.file_id = ids.next();
  meta.uploader_id = uploader;
  meta.content_type = content_type;
  meta.size = static_cast<std::int64_t>(bytes.size());
  meta.created_at = now_ms;
  if (auto stored = db.file_store(meta, bytes); !stored)
    return from_store(stored.error());
  return meta;
}

result<file_download> read_file(storage::adapter& db, std::int64_t file_id,
                                protocol::user_id reader) {
  auto readable = db.file_readable(file_id, reader);
  if (!readable)
    return from_store(readable.error());
  if (!*readable)
    return error_code::no_such_file;
  auto meta = db.file_meta(file_id);
  if (!meta)
    return from_store(meta.error(), error_code::no_such_file);
  auto bytes = db.file_bytes(file_id);
  if (!bytes)
    return from_store(bytes.error(), error_code::no_such_file);
  return file_download{std::move(*meta), std::move(*bytes)};
}

} // namespace troupe::domain
