#pragma once

#include <cstdint>
#include <string>

#include "domain/result.hpp"
#include "protocol/ids.hpp"
#include "storage/adapter.hpp"
#include "storage/id_generator.hpp"

/// The rules of files: quotas and who may read what. Each call runs inside
/// the caller's transaction; the errors listed are the protocol codes a
/// rule answers (any call may also fail with a fault of the store).
namespace troupe::domain {

/// A file as a download answers it.
struct file_download {
  storage::file_record meta;
  std::string bytes;
};

/// Checks that `incoming` more bytes fit in `uploader`'s file quota of
/// `quota` bytes (0: no quota); `too_long`.
result<void> check_file_quota(storage::adapter& db, protocol::user_id uploader,
                              std::uint64_t incoming, std::uint64_t quota);

/// Stores an upload, made at `now_ms`, within `uploader`'s file quota of
/// `quota` bytes (0: no quota) → its metadata; `too_long`.
result<storage::file_record>
store_file(storage::adapter& db, storage::id_generator& ids,
           std::int64_t now_ms, protocol::user_id uploader,
           const std::string& content_type, const std::string& bytes,
           std::uint64_t quota);

/// Reads a file that `reader` may read; `no_such_file` for an unknown file
/// and for one `reader` may not see alike.
result<file_download> read_file(storage::adapter& db, std::int64_t file_id,
                                protocol::user_id reader);

} // namespace troupe::domain
