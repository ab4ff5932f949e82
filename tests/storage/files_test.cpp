#include "storage/adapter.hpp"

#include <cstdint>
#include <random>
#include <string>

#include <doctest/doctest.h>

#include "tests/storage/store_fixture.hpp"

using namespace troupe;
using troupe::test::at;
using troupe::test::base;
using troupe::test::first_difference;
using troupe::test::open_store;
using troupe::test::outcome;
using troupe::test::some_ms;

namespace {

/// Files are stored in chunks of 512 KiB (soci_files.cpp); sizes around it
/// catch off-by-one slicing.
constexpr std::size_t chunk = 512 * 1024;

/// Returns metadata for a file `base + k` of `size` bytes by `uploader`.
storage::file_record
file(std::int64_t k, protocol::user_id uploader, std::size_t size,
     std::string content_type = "application/octet-stream") {
  storage::file_record meta;
  meta.file_id = base + k;
  meta.uploader_id = uploader;
  meta.content_type = std::move(content_type);
  meta.size = static_cast<std::int64_t>(size);
  meta.created_at = some_ms + k;
  return meta;
}

/// Returns every byte value from 0 to 255, `times` times over.
std::string all_byte_values(std::size_t times) {
  std::string out;
  out.reserve(256 * times);
  for (std::size_t t = 0; t < times; ++t)
    for (int b = 0; b < 256; ++b)
      out += static_cast<char>(b);
  return out;
}

/// Returns bytes that all need escaping in an SQL string literal, over more
/// than two chunks: escaped, each chunk doubles in size.
std::string repeated_escapes() {
  const std::string piece{"'\"\\\0\x1a\n\r", 7};
  std::string out;
  while (out.size() < 2 * chunk + 100)
    out += piece;
  return out;
}

/// Returns `n` pseudo-random bytes, the same ones on every run.
std::string random_bytes(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 gen{seed};
  std::string out(n, '\0');
  for (std::size_t i = 0; i < n; i += 8) {
    auto word = gen();
    for (std::size_t j = 0; j < 8 && i + j < n; ++j)
      out[i + j] = static_cast<char>((word >> (8 * j)) & 0xff);
  }
  return out;
}

} // namespace

// -- file_store and file_meta -------------------------------------------------

TEST_CASE_FIXTURE(open_store, "file_meta returns the metadata as stored") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto png = file(1, alice, 3, "image/png");
  REQUIRE(outcome(db->file_store(png, "abc")) == "ok");
  auto doc = file(2, bob, 5, "text/plain; charset=\"utf-8\"");
  REQUIRE(outcome(db->file_store(doc, "hello")) == "ok");
  auto found = db->file_meta(base + 1);
  REQUIRE(outcome(found) == "ok");
  CHECK(found->file_id == base + 1);
  CHECK(found->uploader_id == alice);
  CHECK(found->content_type == "image/png");
  CHECK(found->size == 3);
  CHECK(found->created_at == some_ms + 1);
  found = db->file_meta(base + 2);
  REQUIRE(outcome(found) == "ok");
  CHECK(found->file_id == base + 2);
  CHECK(found->uploader_id == bob);
  CHECK(found->content_type == "text/plain; charset=\"utf-8\"");
  CHECK(found->size == 5);
  CHECK(found->created_at == some_ms + 2);
}

TEST_CASE_FIXTURE(open_store, "an unknown file id is not_found") {
  auto alice = add_user("alice");
  CHECK(outcome(db->file_meta(base + 1)) == "not_found");
  CHECK(outcome(db->file_bytes(base + 1)) == "not_found");
  REQUIRE(outcome(db->file_store(file(1, alice, 1), "x")) == "ok");
  CHECK(outcome(db->file_meta(base + 2)) == "not_found");
  CHECK(outcome(db->file_bytes(base + 2)) == "not_found");
  CHECK(outcome(db->file_meta(0)) == "not_found");
  CHECK(outcome(db->file_bytes(0)) == "not_found");
  CHECK(db->connected());
}

// -- uploaded_bytes -----------------------------------------------------------

TEST_CASE_FIXTURE(open_store, "uploaded_bytes sums the sizes of one "
                              "uploader's files") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  CHECK(*db->uploaded_bytes(alice) == 0);
  REQUIRE(outcome(db->file_store(file(1, alice, 3), "abc")) == "ok");
  REQUIRE(outcome(db->file_store(file(2, bob, 5), "hello")) == "ok");
  REQUIRE(outcome(db->file_store(file(3, alice, 0), "")) == "ok");
  // Sizes past 32 bits add up without overflowing: the sum is the stored
  // sizes', not the bytes'.
  auto large = file(4, alice, 0);
  large.size = std::int64_t{5} << 32;
  REQUIRE(outcome(db->file_store(large, "")) == "ok");
  auto alices = db->uploaded_bytes(alice);
  REQUIRE(outcome(alices) == "ok");
  CHECK(*alices == (std::int64_t{5} << 32) + 3);
  CHECK(*db->uploaded_bytes(bob) == 5);
  CHECK(*db->uploaded_bytes(bob + alice + 1) == 0);
}

// -- file_bytes ---------------------------------------------------------------

TEST_CASE_FIXTURE(open_store, "file_bytes returns exactly the bytes stored") {
  auto alice = add_user("alice");
  std::string bytes;
  SUBCASE("an empty file") {
    bytes = "";
  }
  SUBCASE("one byte") {
    bytes = "x";
  }
  SUBCASE("one NUL byte") {
    bytes = std::string(1, '\0');
  }
  SUBCASE("every byte value") {
    bytes = all_byte_values(1);
  }
  SUBCASE("every byte value, over several chunks") {
    // NUL, 0xFF, quotes, backslashes and invalid UTF-8 in every chunk.
    bytes = all_byte_values(4 * chunk / 256 + 3);
  }
  SUBCASE("only bytes that need escaping") {
    bytes = repeated_escapes();
  }
  SUBCASE("one byte short of a chunk") {
    bytes = random_bytes(chunk - 1, 1);
  }
  SUBCASE("exactly one chunk") {
    bytes = random_bytes(chunk, 2);
  }
  SUBCASE("one byte past a chunk") {
    bytes = random_bytes(chunk + 1, 3);
  }
  SUBCASE("exactly two chunks") {
    bytes = random_bytes(2 * chunk, 4);
  }
  SUBCASE("8 MiB of random bytes") {
    bytes = random_bytes(8 * 1024 * 1024, 5);
  }
  CAPTURE(bytes.size());
  auto stored = db->file_store(file(1, alice, bytes.size()), bytes);
  INFO(db->last_error());
  REQUIRE(outcome(stored) == "ok");
  auto read = db->file_bytes(base + 1);
  INFO(db->last_error());
  REQUIRE(outcome(read) == "ok");
  CHECK(read->size() == bytes.size());
  CHECK(first_difference(*read, bytes) == std::string::npos);
  auto meta = db->file_meta(base + 1);
  REQUIRE(outcome(meta) == "ok");
  CHECK(meta->size == static_cast<std::int64_t>(bytes.size()));
}

TEST_CASE_FIXTURE(open_store, "each file's bytes stay its own") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  // Two files of several chunks each, stored one after the other.
  auto one = random_bytes(2 * chunk + 7, 11);
  auto two = random_bytes(chunk + 13, 12);
  REQUIRE(outcome(db->file_store(file(1, alice, one.size()), one)) == "ok");
  REQUIRE(outcome(db->file_store(file(2, bob, two.size()), two)) == "ok");
  REQUIRE(outcome(db->file_store(file(3, bob, 0), "")) == "ok");
  auto read_two = db->file_bytes(base + 2);
  REQUIRE(outcome(read_two) == "ok");
  CHECK(first_difference(*read_two, two) == std::string::npos);
  auto read_one = db->file_bytes(base + 1);
  REQUIRE(outcome(read_one) == "ok");
  CHECK(first_difference(*read_one, one) == std::string::npos);
  auto read_three = db->file_bytes(base + 3);
  REQUIRE(outcome(read_three) == "ok");
  CHECK(read_three->empty());
}

TEST_CASE_FIXTURE(open_store, "file bytes survive reopening the store") {
  auto alice = add_user("alice");
  auto bytes = all_byte_values(3000);
  REQUIRE(outcome(db->file_store(file(1, alice, bytes.size()), bytes)) == "ok");
  auto again = storage::make_adapter(store.settings);
  REQUIRE(outcome(again->open()) == "ok");
  auto read = again->file_bytes(base + 1);
  REQUIRE(outcome(read) == "ok");
  CHECK(read->size() == bytes.size());
  CHECK(first_difference(*read, bytes) == std::string::npos);
}

// -- file_readable and file_grant ---------------------------------------------

TEST_CASE_FIXTURE(open_store, "only the uploader may read a file until it "
                              "is granted") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto carol = add_user("carol");
  REQUIRE(outcome(db->file_store(file(1, alice, 2), "hi")) == "ok");
  REQUIRE(outcome(db->file_store(file(2, alice, 2), "ho")) == "ok");
  auto readable = [&](std::int64_t k, protocol::user_id uid) {
    auto r = db->file_readable(base + k, uid);
    INFO(db->last_error());
    REQUIRE(outcome(r) == "ok");
    return *r;
  };
  CHECK(readable(1, alice));
  CHECK_FALSE(readable(1, bob));
  CHECK_FALSE(readable(1, carol));
  REQUIRE(outcome(db->file_grant(base + 1, bob)) == "ok");
  CHECK(readable(1, bob));
  CHECK(readable(1, alice));
  // The grant is for that file and that user only.
  CHECK_FALSE(readable(1, carol));
  CHECK_FALSE(readable(2, bob));
  CHECK(readable(2, alice));
  // Granting twice is fine and changes nothing.
  CHECK(outcome(db->file_grant(base + 1, bob)) == "ok");
  CHECK(readable(1, bob));
  CHECK_FALSE(readable(1, carol));
  // Granting the uploader is fine too.
  CHECK(outcome(db->file_grant(base + 1, alice)) == "ok");
  CHECK(readable(1, alice));
  CHECK(db->connected());
}

TEST_CASE_FIXTURE(open_store, "a file granted to a group is readable by its "
                              "current members only") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto carol = add_user("carol");
  auto dave = add_user("dave");
  // Group ids beyond 32 bits, like file ids.
  auto group = [&](std::int64_t k, protocol::user_id owner) {
    storage::group_record g;
    g.group_id = base + 100 + k;
    g.name = "g" + std::to_string(k);
    g.created_at = some_ms;
    INFO(db->last_error());
    REQUIRE(outcome(db->group_create(g, owner)) == "ok");
    return g.group_id;
  };
  auto climbers = group(1, alice);
  auto hikers = group(2, dave);
  REQUIRE(outcome(db->group_member_add(
            climbers, bob, protocol::group_role::member, some_ms, 0))
          == "ok");
  REQUIRE(outcome(db->file_store(file(1, alice, 2), "hi")) == "ok");
  REQUIRE(outcome(db->file_store(file(2, alice, 2), "ho")) == "ok");
  auto readable = [&](std::int64_t k, protocol::user_id uid) {
    auto r = db->file_readable(base + k, uid);
    INFO(db->last_error());
    REQUIRE(outcome(r) == "ok");
    return *r;
  };
  CHECK_FALSE(readable(1, bob));
  REQUIRE(outcome(db->file_grant_group(base + 1, climbers)) == "ok");
  CHECK(readable(1, bob));
  CHECK(readable(1, alice));
  // Not for non-members, members of another group, or another file.
  CHECK_FALSE(readable(1, carol));
  CHECK_FALSE(readable(1, dave));
  CHECK_FALSE(readable(2, bob));
  // Granting twice is fine; a grant to another group adds its members.
  CHECK(outcome(db->file_grant_group(base + 1, climbers)) == "ok");
  REQUIRE(outcome(db->file_grant_group(base + 1, hikers)) == "ok");
  CHECK(readable(1, dave));
  CHECK(readable(1, bob));
  // Members who join later may read it; former members may not.
  REQUIRE(outcome(db->group_member_add(
            climbers, carol, protocol::group_role::member, some_ms, 0))
          == "ok");
  CHECK(readable(1, carol));
  REQUIRE(outcome(db->group_member_remove(climbers, bob, base + 100)) == "ok");
  CHECK_FALSE(readable(1, bob));
  CHECK(readable(1, carol));
  // The uploader keeps reading after leaving the group.
  REQUIRE(outcome(db->group_member_remove(climbers, alice, base + 101))
          == "ok");
  CHECK(readable(1, alice));
  CHECK(db->connected());
}

TEST_CASE_FIXTURE(open_store, "nobody may read an unknown file") {
  auto alice = add_user("alice");
  REQUIRE(outcome(db->file_store(file(1, alice, 1), "x")) == "ok");
  auto r = db->file_readable(base + 2, alice);
  REQUIRE(outcome(r) == "ok");
  CHECK_FALSE(*r);
}
