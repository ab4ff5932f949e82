// Counting code points and checking usernames and passwords (PROTOCOL.md
// section 3).

#include "protocol/text.hpp"

#include <string>

#include <doctest/doctest.h>

using namespace troupe::protocol;

namespace {

// One code point each, of 2, 3 and 4 bytes in UTF-8.
constexpr const char* e_acute = "\xC3\xA9";      // U+00E9
constexpr const char* euro = "\xE2\x82\xAC";     // U+20AC
constexpr const char* grin = "\xF0\x9F\x98\x80"; // U+1F600

std::string repeat(const std::string& unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i)
    out += unit;
  return out;
}

} // namespace

// -- count_code_points --------------------------------------------------------

TEST_CASE("count_code_points counts ASCII characters one by one") {
  CHECK(count_code_points("") == 0);
  CHECK(count_code_points("a") == 1);
  CHECK(count_code_points("hello, world") == 12);
}

TEST_CASE("count_code_points counts a multi-byte character once") {
  CHECK(count_code_points(e_acute) == 1);
  CHECK(count_code_points(euro) == 1);
  CHECK(count_code_points(grin) == 1);
  CHECK(count_code_points(repeat(grin, 8)) == 8);
  auto mixed = std::string{"a"} + e_acute + "b" + euro + grin + "c";
  REQUIRE(mixed.size() == 12);
  CHECK(count_code_points(mixed) == 6);
}

TEST_CASE("count_code_points counts an embedded NUL as a code point") {
  CHECK(count_code_points(std::string("a\0b", 3)) == 3);
}

// -- is_valid_username --------------------------------------------------------

TEST_CASE("is_valid_username accepts every allowed character") {
  CHECK(is_valid_username("abcdefghijklmnopqrstuvwxyz"));
  CHECK(is_valid_username("0123456789"));
  CHECK(is_valid_username("a_b.c-d"));
  CHECK(is_valid_username("___"));
  CHECK(is_valid_username("..."));
  CHECK(is_valid_username("---"));
}

TEST_CASE("is_valid_username accepts 3 and 32 characters") {
  CHECK(is_valid_username("abc"));
  CHECK(is_valid_username(std::string(32, 'x')));
}

TEST_CASE("is_valid_username rejects 2 and 33 characters") {
  CHECK_FALSE(is_valid_username(""));
  CHECK_FALSE(is_valid_username("ab"));
  CHECK_FALSE(is_valid_username(std::string(33, 'x')));
}

TEST_CASE("is_valid_username rejects characters outside a-z 0-9 _ . -") {
  for (auto name : {"Alice", "aliCe", "ABC", "al ice", " bob", "bob ", "al@ice",
                    "al+ice", "al/ice", "al:ice", "al\tice", "al\"ice",
                    "al\\ice", "al'ice", "al~ice"}) {
    INFO(name);
    CHECK_FALSE(is_valid_username(name));
  }
  CHECK_FALSE(is_valid_username(std::string("ab\0c", 4)));
}

TEST_CASE("is_valid_username rejects non-ASCII letters") {
  CHECK_FALSE(is_valid_username(std::string{"j"} + e_acute + "r"));
  CHECK_FALSE(is_valid_username(std::string{"abc"} + grin));
  // Three code points, all letters, none of them ASCII.
  CHECK_FALSE(is_valid_username(repeat(e_acute, 3)));
}

// -- is_acceptable_password ---------------------------------------------------

TEST_CASE("is_acceptable_password accepts 8 to 128 code points") {
  CHECK(is_acceptable_password(std::string(8, 'p')));
  CHECK(is_acceptable_password("correct horse battery staple"));
  CHECK(is_acceptable_password(std::string(128, 'p')));
}

TEST_CASE("is_acceptable_password rejects 7 and 129 code points") {
  CHECK_FALSE(is_acceptable_password(""));
  CHECK_FALSE(is_acceptable_password(std::string(7, 'p')));
  CHECK_FALSE(is_acceptable_password(std::string(129, 'p')));
}

TEST_CASE("is_acceptable_password counts code points, not bytes") {
  // 7 emoji are 28 bytes but only 7 characters.
  CHECK_FALSE(is_acceptable_password(repeat(grin, 7)));
  CHECK(is_acceptable_password(repeat(grin, 8)));
  // 128 emoji are 512 bytes but only 128 characters.
  CHECK(is_acceptable_password(repeat(grin, 128)));
  CHECK_FALSE(is_acceptable_password(repeat(grin, 129)));
  CHECK(is_acceptable_password(repeat(e_acute, 100) + repeat(euro, 28)));
  CHECK_FALSE(is_acceptable_password(repeat(e_acute, 100) + repeat(euro, 29)));
}

TEST_CASE("is_acceptable_password allows any character, spaces included") {
  CHECK(is_acceptable_password("        "));
  CHECK(is_acceptable_password("P@ss w0rd!"));
}

TEST_CASE("first_code_points keeps whole characters") {
  const std::string grin = "\xF0\x9F\x98\x80";
  CHECK(first_code_points("abcdef", 3) == "abc");
  CHECK(first_code_points("ab", 3) == "ab");
  CHECK(first_code_points(grin + grin + "x", 2) == grin + grin);
  CHECK(first_code_points(grin, 0).empty());
}
