#include "actors/store_call_support.hpp"

namespace troupe::actors::store_calls {

using namespace detail;

namespace {

/// Returns `too_long` when `incoming` more bytes would take `uploader` past
/// `quota` (0: no quota), a store fault as it is, else no error.
caf::error beyond_quota(storage::adapter& db, protocol::user_id uploader,
                        std::uint64_t incoming, std::uint64_t quota) {
  if (quota == 0)
    return {};
  auto stored = db.uploaded_bytes(uploader);
  if (!stored)
    return failure(stored.error());
  auto used = static_cast<std::uint64_t>(*stored);
  if (used > quota || incoming > quota - used)
    return caf::make_error(error_code::too_long);
  return {};
}

} // namespace

storage_call check_file_quota(protocol::user_id uploader,
                              std::uint64_t incoming, std::uint64_t quota) {
  return {false, [=](storage::adapter& db) -> outcome {
            if (auto err = beyond_quota(db, uploader, incoming, quota))
              return err;
            return ok();
          }};
}

storage_call store_file(protocol::user_id uploader, std::string content_type,
                        std::string bytes, std::uint64_t quota, ids_ptr ids) {
  auto shared_bytes = std::make_shared<const std::string>(std::move(bytes));
  return {true, [=](storage::adapter& db) -> outcome {
            // Checked again here: an upload of unknown size, or others of
            // the same user admitted meanwhile, may not fit after all. A
            // user's uploads go to one worker, one at a time.
            if (auto err
                = beyond_quota(db, uploader, shared_bytes->size(), quota))
              return err;
            storage::file_record meta;
            meta.file_id = ids->next();
            meta.uploader_id = uploader;
            meta.content_type = content_type;
            meta.size = static_cast<std::int64_t>(shared_bytes->size());
            meta.created_at = unix_ms();
            if (auto stored = db.file_store(meta, *shared_bytes); !stored)
              return failure(stored.error());
            return answer(std::move(meta));
          }};
}

storage_call read_file(std::int64_t file_id, protocol::user_id reader) {
  return {false, [=](storage::adapter& db) -> outcome {
            auto readable = db.file_readable(file_id, reader);
            if (!readable)
              return failure(readable.error());
            if (!*readable)
              return caf::make_error(error_code::no_such_file);
            auto meta = db.file_meta(file_id);
            if (!meta)
              return failure(meta.error(), error_code::no_such_file);
            auto bytes = db.file_bytes(file_id);
            if (!bytes)
              return failure(bytes.error(), error_code::no_such_file);
            return answer(file_download{std::move(*meta), std::move(*bytes)});
          }};
}

} // namespace troupe::actors::store_calls
