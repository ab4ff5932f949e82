// Salted argon2id password hashes (PROTOCOL.md section 6). Every hash here
// uses hash_cost::minimal so the suite stays fast.

#include "protocol/password.hpp"

#include <string>

#include <doctest/doctest.h>

using namespace troupe::protocol;

TEST_CASE("a minimal-cost hash verifies with the right password") {
  auto hash = hash_password("correct horse", hash_cost::minimal);
  CHECK(verify_password(hash, "correct horse"));
}

TEST_CASE("a hash does not verify with a wrong password") {
  auto hash = hash_password("correct horse", hash_cost::minimal);
  CHECK_FALSE(verify_password(hash, "correct horsE"));
  CHECK_FALSE(verify_password(hash, "correct horse "));
  CHECK_FALSE(verify_password(hash, "correct hors"));
  CHECK_FALSE(verify_password(hash, ""));
}

TEST_CASE("a hash is argon2id and does not contain the password") {
  auto hash = hash_password("correct horse", hash_cost::minimal);
  CHECK(hash.rfind("$argon2id$", 0) == 0);
  CHECK(hash.find("correct horse") == std::string::npos);
}

TEST_CASE("two hashes of the same password differ by their salt") {
  auto a = hash_password("correct horse", hash_cost::minimal);
  auto b = hash_password("correct horse", hash_cost::minimal);
  CHECK(a != b);
  CHECK(verify_password(a, "correct horse"));
  CHECK(verify_password(b, "correct horse"));
}

TEST_CASE("password hashing works on every byte, not up to a NUL") {
  auto with_nul = std::string("abc\0def", 7);
  auto hash = hash_password(with_nul, hash_cost::minimal);
  CHECK(verify_password(hash, with_nul));
  CHECK_FALSE(verify_password(hash, "abc"));
  CHECK_FALSE(verify_password(hash, std::string("abc\0deg", 7)));
}

TEST_CASE("password hashing keeps multi-byte UTF-8 passwords apart") {
  auto pw = std::string{"p\xC3\xA4ssw\xC3\xB6rd"}; // "pässwörd"
  auto hash = hash_password(pw, hash_cost::minimal);
  CHECK(verify_password(hash, pw));
  CHECK_FALSE(verify_password(hash, "passwordd"));
  CHECK_FALSE(verify_password(hash, "p\xC3\xA4ssw\xC3\xB6rD"));
}

TEST_CASE("verify_password returns false for a hash that is garbage") {
  CHECK_FALSE(verify_password("", "correct horse"));
  CHECK_FALSE(verify_password("garbage", "correct horse"));
  CHECK_FALSE(verify_password("$argon2id$", "correct horse"));
  CHECK_FALSE(
    verify_password("$argon2id$v=19$m=8,t=1,p=1$AAAA$AAAA", "correct horse"));
  CHECK_FALSE(verify_password(std::string(512, '$'), "correct horse"));
}

TEST_CASE("verify_password returns false for a truncated hash") {
  auto hash = hash_password("correct horse", hash_cost::minimal);
  REQUIRE(verify_password(hash, "correct horse"));
  CHECK_FALSE(
    verify_password(hash.substr(0, hash.size() - 1), "correct horse"));
  CHECK_FALSE(
    verify_password(hash.substr(0, hash.size() / 2), "correct horse"));
}

TEST_CASE("hash_cost_from_string knows the four cost names") {
  CHECK(hash_cost_from_string("minimal") == hash_cost::minimal);
  CHECK(hash_cost_from_string("interactive") == hash_cost::interactive);
  CHECK(hash_cost_from_string("moderate") == hash_cost::moderate);
  CHECK(hash_cost_from_string("sensitive") == hash_cost::sensitive);
}

TEST_CASE("hash_cost_from_string rejects other names") {
  for (auto name : {"", "Minimal", "MINIMAL", "min", "minimal ", "low", "fast",
                    "interactive\n"}) {
    INFO(name);
    CHECK_FALSE(hash_cost_from_string(name).has_value());
  }
}
