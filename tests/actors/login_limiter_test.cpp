#include "actors/login_limiter.hpp"

#include <algorithm>
#include <string>

#include <doctest/doctest.h>

using namespace std::chrono_literals;
using troupe::actors::auth_settings;
using troupe::actors::login_limiter;
using refusal = login_limiter::refusal;

namespace {

const login_limiter::time_point t0{};

auth_settings limits(std::size_t per_pair, std::size_t per_address,
                     std::size_t per_username) {
  auth_settings s;
  s.login_failure_limit = per_pair;
  s.address_failure_limit = per_address;
  s.username_failure_limit = per_username;
  s.login_failure_window = 60s;
  s.trusted_login_ttl = 24h;
  s.max_tracked_failures = 1000;
  return s;
}

/// Makes `n` failed attempts of `username` from `address` at `at`.
void fail(login_limiter& limiter, const std::string& address,
          const std::string& username, int n,
          login_limiter::time_point at = t0) {
  for (int i = 0; i < n; ++i) {
    REQUIRE(!limiter.try_begin(address, username, at));
    limiter.failed(address, username, at);
  }
}

} // namespace

TEST_CASE("login_limiter: a stranger's failures from another address do "
          "not lock the user out") {
  login_limiter limiter{limits(3, 20, 100)};
  fail(limiter, "10.0.0.66", "alice", 3);
  CHECK(limiter.try_begin("10.0.0.66", "alice", t0 + 1s)
        == refusal::address_and_username);
  // From the stranger's address other names still get their tries.
  CHECK(!limiter.try_begin("10.0.0.66", "bob", t0 + 1s));
  // Alice's own address is untouched.
  CHECK(!limiter.try_begin("10.0.0.1", "alice", t0 + 1s));
}

TEST_CASE("login_limiter: one address trying many names is refused for all "
          "of them") {
  login_limiter limiter{limits(3, 5, 100)};
  for (int i = 0; i < 5; ++i)
    fail(limiter, "10.0.0.66", "user" + std::to_string(i), 1);
  CHECK(limiter.try_begin("10.0.0.66", "carol", t0) == refusal::address);
  CHECK(!limiter.try_begin("10.0.0.1", "carol", t0));
  // Until the window passes.
  CHECK(!limiter.try_begin("10.0.0.66", "carol", t0 + 60s));
}

TEST_CASE("login_limiter: many addresses guessing one name are refused, "
          "but not where its owner logged in before") {
  login_limiter limiter{limits(3, 20, 10)};
  REQUIRE(!limiter.try_begin("10.0.0.1", "alice", t0));
  limiter.succeeded("10.0.0.1", "alice", t0);
  for (int i = 0; i < 5; ++i)
    fail(limiter, "10.0.1." + std::to_string(i), "alice", 2, t0 + 1h);
  CHECK(limiter.try_begin("10.0.2.1", "alice", t0 + 1h) == refusal::username);
  // Alice's address from before still gets in; her trust lasts a day.
  auto attempt = limiter.try_begin("10.0.0.1", "alice", t0 + 1h);
  CHECK(!attempt);
  if (!attempt)
    limiter.abandoned("10.0.0.1", "alice", t0 + 1h);
  CHECK(!limiter.try_begin("10.0.2.1", "bob", t0 + 1h));
  // The username's window (opened at the first failure) passes.
  CHECK(!limiter.try_begin("10.0.2.1", "alice", t0 + 1h + 60s));
}

TEST_CASE("login_limiter: a username limit of 0 means none") {
  login_limiter limiter{limits(3, 20, 0)};
  for (int i = 0; i < 50; ++i)
    fail(limiter, "10.0.1." + std::to_string(i), "alice", 1);
  CHECK(!limiter.try_begin("10.0.2.1", "alice", t0));
}

TEST_CASE("login_limiter: a success clears its address's count for that "
          "name only") {
  login_limiter limiter{limits(2, 3, 100)};
  fail(limiter, "10.0.0.66", "mallory", 1);
  REQUIRE(!limiter.try_begin("10.0.0.66", "mallory", t0));
  limiter.succeeded("10.0.0.66", "mallory", t0);
  fail(limiter, "10.0.0.66", "mallory", 1);
  // Two failures with the same address: its own account's success does not
  // give it more tries at others.
  fail(limiter, "10.0.0.66", "alice", 1);
  CHECK(limiter.try_begin("10.0.0.66", "bob", t0) == refusal::address);
}

TEST_CASE("login_limiter counts attempts in flight against the limits") {
  login_limiter limiter{limits(2, 20, 100)};
  CHECK(!limiter.try_begin("10.0.0.1", "alice", t0));
  CHECK(!limiter.try_begin("10.0.0.1", "alice", t0));
  CHECK(limiter.try_begin("10.0.0.1", "alice", t0)
        == refusal::address_and_username); // two guesses pending already
  limiter.abandoned("10.0.0.1", "alice", t0);
  CHECK(!limiter.try_begin("10.0.0.1", "alice", t0));
}

TEST_CASE("login_limiter lets many users of one address log in at once "
          "until the address fails, then counts its attempts in flight") {
  login_limiter limiter{limits(5, 3, 100)};
  // A reconnect storm behind one NAT: more logins at once than the limit.
  for (int i = 0; i < 10; ++i)
    CHECK(!limiter.try_begin("10.0.0.1", "user" + std::to_string(i), t0));
  limiter.failed("10.0.0.1", "user0", t0);
  // One failure and nine pending: the address is at its limit.
  CHECK(limiter.try_begin("10.0.0.1", "user10", t0) == refusal::address);
  for (int i = 1; i < 10; ++i)
    limiter.succeeded("10.0.0.1", "user" + std::to_string(i), t0);
  CHECK(!limiter.try_begin("10.0.0.1", "user10", t0));
  CHECK(!limiter.try_begin("10.0.0.1", "user11", t0));
  CHECK(limiter.try_begin("10.0.0.1", "user12", t0) == refusal::address);
}

TEST_CASE("login_limiter lets a pair in again once its window passes") {
  login_limiter limiter{limits(2, 20, 100)};
  fail(limiter, "10.0.0.1", "alice", 1, t0);
  fail(limiter, "10.0.0.1", "alice", 1, t0 + 10s);
  CHECK(limiter.try_begin("10.0.0.1", "alice", t0 + 59s));
  CHECK(!limiter.try_begin("10.0.0.1", "alice", t0 + 60s));
}

TEST_CASE("login_limiter forgets what it no longer needs") {
  login_limiter limiter{limits(5, 20, 100)};
  REQUIRE(!limiter.try_begin("10.0.0.1", "alice", t0));
  limiter.abandoned("10.0.0.1", "alice", t0);
  CHECK(limiter.tracked() == 0);
  fail(limiter, "10.0.0.1", "alice", 1);
  CHECK(limiter.tracked() == 3); // address, pair, username
  REQUIRE(!limiter.try_begin("10.0.0.2", "bob", t0 + 61s));
  // Alice's windows closed and left; Bob's attempt is pending.
  CHECK(limiter.tracked() == 3);
}

TEST_CASE("login_limiter's memory is bounded whatever names and addresses "
          "it is fed, the oldest windows going first") {
  auto settings = limits(1, 20, 100);
  settings.max_tracked_failures = 300;
  login_limiter limiter{settings};
  auto address_of = [](int i) {
    return "10." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256)
           + ".1";
  };
  std::size_t largest = 0;
  for (int i = 0; i < 20000; ++i) {
    auto at = t0 + std::chrono::milliseconds{i};
    auto name = "user" + std::to_string(i);
    REQUIRE(!limiter.try_begin(address_of(i), name, at));
    limiter.failed(address_of(i), name, at);
    largest = std::max(largest, limiter.tracked());
  }
  CHECK(largest <= 300);
  auto now = t0 + 20s;
  CHECK(limiter.try_begin(address_of(19999), "user19999", now)
        == refusal::address_and_username);
  CHECK(!limiter.try_begin(address_of(0), "user0", now));
}
