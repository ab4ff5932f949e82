// The rules of files: quotas and who reads what, on both backends.

#include "domain/files.hpp"

#include <string>

#include <doctest/doctest.h>

#include "tests/domain/domain_fixture.hpp"

using namespace troupe;
using troupe::test::domain_store;
using troupe::test::outcome;

namespace {

/// Returns the bytes `uploader` stored, as the quota counts them.
std::int64_t used_by(storage::adapter& db, protocol::user_id uploader) {
  auto used = db.uploaded_bytes(uploader);
  REQUIRE(outcome(used) == "ok");
  return *used;
}

} // namespace

TEST_CASE_FIXTURE(domain_store, "check_file_quota answers too_long past the "
                                "quota, and nothing with none") {
  auto alice = add_user("alice");
  REQUIRE(outcome(domain::store_file(*db, ids, now, alice, "text/plain",
                                     std::string(60, 'x'), 100))
          == "ok");
  CHECK(outcome(domain::check_file_quota(*db, alice, 40, 100)) == "ok");
  CHECK(outcome(domain::check_file_quota(*db, alice, 41, 100)) == "too_long");
  CHECK(outcome(domain::check_file_quota(*db, alice, 1, 50)) == "too_long");
  CHECK(outcome(domain::check_file_quota(*db, alice, 1'000'000, 0)) == "ok");
}

TEST_CASE_FIXTURE(domain_store, "store_file stores an upload at now under a "
                                "fresh id, and nothing past the quota") {
  auto alice = add_user("alice");
  auto stored = domain::store_file(*db, ids, now, alice, "image/png",
                                   std::string(70, 'x'), 100);
  REQUIRE(outcome(stored) == "ok");
  CHECK(stored->file_id > 0);
  CHECK(stored->uploader_id == alice);
  CHECK(stored->content_type == "image/png");
  CHECK(stored->size == 70);
  CHECK(stored->created_at == now);
  CHECK(outcome(domain::store_file(*db, ids, now, alice, "image/png",
                                   std::string(31, 'x'), 100))
        == "too_long");
  CHECK(used_by(*db, alice) == 70);
  auto second = domain::store_file(*db, ids, now, alice, "image/png",
                                   std::string(30, 'y'), 100);
  REQUIRE(outcome(second) == "ok");
  CHECK(second->file_id > stored->file_id);
  CHECK(used_by(*db, alice) == 100);
}

TEST_CASE_FIXTURE(domain_store, "read_file answers a file to who may read "
                                "it, and no_such_file alike for an unknown "
                                "file and one they may not") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto stored
    = domain::store_file(*db, ids, now, alice, "text/plain", "the bytes", 0);
  REQUIRE(outcome(stored) == "ok");
  auto read = domain::read_file(*db, stored->file_id, alice);
  REQUIRE(outcome(read) == "ok");
  CHECK(read->bytes == "the bytes");
  CHECK(read->meta.file_id == stored->file_id);
  CHECK(read->meta.content_type == "text/plain");
  CHECK(read->meta.size == 9);
  CHECK(outcome(domain::read_file(*db, stored->file_id, bob))
        == "no_such_file");
  CHECK(outcome(domain::read_file(*db, stored->file_id + 1, alice))
        == "no_such_file");
  REQUIRE(outcome(db->file_grant(stored->file_id, bob)) == "ok");
  CHECK(outcome(domain::read_file(*db, stored->file_id, bob)) == "ok");
}
