#include "actors/store_call_support.hpp"
#include "domain/files.hpp"

namespace troupe::actors::store_calls {

using namespace detail;

storage_call<void> check_file_quota(protocol::user_id uploader,
                                    std::uint64_t incoming,
                                    std::uint64_t quota) {
  return {false, [=](storage::adapter& db) {
            return domain::check_file_quota(db, uploader, incoming, quota);
          }};
}

storage_call<storage::file_record>
store_file(protocol::user_id uploader, std::string content_type,
           std::string bytes, std::uint64_t quota, ids_ptr ids) {
  auto shared_bytes = std::make_shared<const std::string>(std::move(bytes));
  return {true, [=](storage::adapter& db) {
            return domain::store_file(db, *ids, unix_ms(), uploader,
                                      content_type, *shared_bytes, quota);
          }};
}

storage_call<file_download> read_file(std::int64_t file_id,
                                      protocol::user_id reader) {
  return {false, [=](storage::adapter& db) {
            return domain::read_file(db, file_id, reader);
          }};
}

} // namespace troupe::actors::store_calls
