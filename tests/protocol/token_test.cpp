// Signed bearer tokens (PROTOCOL.md sections 1 and 6). Time is passed in
// explicitly: nothing here reads the clock or sleeps.

#include "protocol/token.hpp"

#include <chrono>
#include <stdexcept>
#include <string>

#include <doctest/doctest.h>

using namespace troupe::protocol;
using namespace std::chrono_literals;

namespace {

using time_point = token_signer::clock::time_point;

constexpr std::string_view base64url_chars
  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Returns a fixed instant on a whole millisecond: 2024-01-01T00:00:00Z.
time_point t0() {
  return time_point{std::chrono::milliseconds{1704067200000}};
}

struct fixture {
  token_signer signer{"a shared secret of the cluster"};
  token_claims alice{42, "alice"};
  time_point now = t0();
  time_point expiry = t0() + 120s;
};

} // namespace

TEST_CASE_FIXTURE(fixture, "a token verifies to the uid and username issued") {
  auto token = signer.issue(alice, expiry);
  auto claims = signer.verify(token, now);
  REQUIRE(claims.has_value());
  CHECK(claims->uid == 42);
  CHECK(claims->username == "alice");
}

TEST_CASE_FIXTURE(fixture, "a token keeps large ids and every username char") {
  token_claims other{max_id, "a.b_c-d.0123456789xyzxyzxyzxyzxy"};
  REQUIRE(other.username.size() == 32);
  auto claims = signer.verify(signer.issue(other, expiry), now);
  REQUIRE(claims.has_value());
  CHECK(claims->uid == max_id);
  CHECK(claims->username == other.username);
}

TEST_CASE_FIXTURE(fixture, "a token issued by another signer with the same "
                           "secret verifies") {
  token_signer other{"a shared secret of the cluster"};
  auto claims = other.verify(signer.issue(alice, expiry), now);
  REQUIRE(claims.has_value());
  CHECK(claims->uid == 42);
}

TEST_CASE_FIXTURE(fixture, "a token is accepted one millisecond before its "
                           "expiry") {
  auto token = signer.issue(alice, expiry);
  CHECK(signer.verify(token, expiry - 1ms).has_value());
}

TEST_CASE_FIXTURE(fixture, "a token is rejected at and after its expiry") {
  auto token = signer.issue(alice, expiry);
  CHECK_FALSE(signer.verify(token, expiry).has_value());
  CHECK_FALSE(signer.verify(token, expiry + 1ms).has_value());
  CHECK_FALSE(signer.verify(token, expiry + 24h).has_value());
}

TEST_CASE_FIXTURE(fixture, "a token issued already expired is rejected") {
  auto token = signer.issue(alice, now - 1s);
  CHECK_FALSE(signer.verify(token, now).has_value());
}

TEST_CASE_FIXTURE(fixture, "a token signed with another secret is rejected") {
  token_signer other{"another secret"};
  auto token = other.issue(alice, expiry);
  REQUIRE(other.verify(token, now).has_value());
  CHECK_FALSE(signer.verify(token, now).has_value());
}

TEST_CASE_FIXTURE(fixture, "every single-character tamper of a token is "
                           "rejected") {
  auto token = signer.issue(alice, expiry);
  REQUIRE(signer.verify(token, now).has_value());
  // Lists " position:char" of every tampered token that still verifies; one
  // check keeps the assertion count readable (about 9000 tampers).
  std::string accepted;
  std::size_t tried = 0;
  for (std::size_t pos = 0; pos < token.size(); ++pos) {
    for (auto c : base64url_chars) {
      if (c == token[pos])
        continue;
      auto tampered = token;
      tampered[pos] = c;
      ++tried;
      if (signer.verify(tampered, now))
        accepted += " " + std::to_string(pos) + ":" + c;
    }
  }
  INFO("token: " << token);
  INFO("accepted tampers:" << accepted);
  CHECK(tried > 60 * token.size());
  CHECK(accepted.empty());
}

TEST_CASE_FIXTURE(fixture, "a token with a character dropped or added is "
                           "rejected") {
  auto token = signer.issue(alice, expiry);
  for (std::size_t pos = 0; pos < token.size(); ++pos) {
    auto shorter = token;
    shorter.erase(pos, 1);
    INFO("dropped " << pos);
    CHECK_FALSE(signer.verify(shorter, now).has_value());
  }
  CHECK_FALSE(signer.verify(token + "A", now).has_value());
  CHECK_FALSE(signer.verify("A" + token, now).has_value());
  CHECK_FALSE(signer.verify(token + ".", now).has_value());
}

TEST_CASE_FIXTURE(fixture, "the two halves of two tokens do not combine") {
  auto a = signer.issue(alice, expiry);
  auto b = signer.issue(token_claims{7, "bob"}, expiry);
  auto payload_a = a.substr(0, a.find('.'));
  auto mac_b = b.substr(b.find('.') + 1);
  CHECK_FALSE(signer.verify(payload_a + "." + mac_b, now).has_value());
}

TEST_CASE_FIXTURE(fixture, "garbage tokens are rejected") {
  for (auto garbage : {"", ".", "..", "garbage", "a.b", "abc.", ".abc",
                       "v1:42:alice:9999999999999:00", "!!!!.????",
                       "eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HA"}) {
    INFO(garbage);
    CHECK_FALSE(signer.verify(garbage, now).has_value());
  }
}

TEST_CASE_FIXTURE(fixture, "a token without a dot is rejected") {
  auto token = signer.issue(alice, expiry);
  auto dot = token.find('.');
  REQUIRE(dot != std::string::npos);
  auto no_dot = token;
  no_dot.erase(dot, 1);
  CHECK_FALSE(signer.verify(no_dot, now).has_value());
  CHECK_FALSE(signer.verify(token.substr(0, dot), now).has_value());
}

TEST_CASE_FIXTURE(fixture, "an over-long token is rejected") {
  CHECK_FALSE(signer.verify(std::string(300, 'A'), now).has_value());
  auto token = signer.issue(alice, expiry);
  CHECK_FALSE(signer.verify(token + std::string(300 - token.size(), 'A'), now)
                .has_value());
}

TEST_CASE_FIXTURE(fixture, "two tokens for the same claims differ") {
  auto a = signer.issue(alice, expiry);
  auto b = signer.issue(alice, expiry);
  CHECK(a != b);
  CHECK(signer.verify(a, now).has_value());
  CHECK(signer.verify(b, now).has_value());
}

TEST_CASE_FIXTURE(fixture, "a token has only URL-safe characters") {
  for (auto& claims : {alice, token_claims{max_id, "a.b_c-d"},
                       token_claims{1, std::string(32, 'z')}}) {
    auto token = signer.issue(claims, expiry);
    INFO(token);
    CHECK_FALSE(token.empty());
    CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                  "abcdefghijklmnopqrstuvwxyz"
                                  "0123456789_.-")
          == std::string::npos);
    // Exactly one dot separates payload and MAC.
    CHECK(token.find('.') == token.rfind('.'));
    CHECK(token.find('.') != std::string::npos);
  }
}

TEST_CASE("a token signer with an empty secret throws") {
  CHECK_THROWS_AS(token_signer{""}, std::invalid_argument);
  CHECK_NOTHROW(token_signer{"x"});
}

TEST_CASE("random_hex returns 2n lowercase hex digits that differ") {
  auto a = random_hex(16);
  auto b = random_hex(16);
  CHECK(a.size() == 32);
  CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a != b);
  CHECK(random_hex(0).empty());
}
