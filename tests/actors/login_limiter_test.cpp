#include "actors/login_limiter.hpp"

#include <doctest/doctest.h>

using namespace std::chrono_literals;
using troupe::actors::login_limiter;

namespace {

const login_limiter::time_point t0{};

} // namespace

TEST_CASE("login_limiter refuses a name after `limit` failures") {
  login_limiter limiter{3, 60s};
  for (int i = 0; i < 3; ++i) {
    REQUIRE(limiter.try_begin("alice", t0));
    limiter.failed("alice", t0);
  }
  CHECK(!limiter.try_begin("alice", t0 + 1s));
  CHECK(limiter.try_begin("bob", t0 + 1s));
}

TEST_CASE("login_limiter lets a name in again once failures leave the "
          "window") {
  login_limiter limiter{2, 60s};
  REQUIRE(limiter.try_begin("alice", t0));
  limiter.failed("alice", t0);
  REQUIRE(limiter.try_begin("alice", t0 + 10s));
  limiter.failed("alice", t0 + 10s);
  CHECK(!limiter.try_begin("alice", t0 + 59s));
  // The first failure ages out at 60 s: one attempt is allowed again.
  CHECK(limiter.try_begin("alice", t0 + 60s));
  CHECK(!limiter.try_begin("alice", t0 + 60s));
}

TEST_CASE("login_limiter counts attempts in flight against the limit") {
  login_limiter limiter{2, 60s};
  CHECK(limiter.try_begin("alice", t0));
  CHECK(limiter.try_begin("alice", t0));
  CHECK(!limiter.try_begin("alice", t0)); // two guesses pending already
  limiter.abandoned("alice");
  CHECK(limiter.try_begin("alice", t0));
}

TEST_CASE("login_limiter forgets a name after a success") {
  login_limiter limiter{2, 60s};
  REQUIRE(limiter.try_begin("alice", t0));
  limiter.failed("alice", t0);
  REQUIRE(limiter.try_begin("alice", t0));
  limiter.succeeded("alice");
  CHECK(limiter.tracked() == 0);
  CHECK(limiter.try_begin("alice", t0));
  CHECK(limiter.try_begin("alice", t0));
}

TEST_CASE("login_limiter drops records of names nobody tries again") {
  login_limiter limiter{5, 60s};
  for (int i = 0; i < 100; ++i) {
    auto name = "user" + std::to_string(i);
    REQUIRE(limiter.try_begin(name, t0));
    limiter.failed(name, t0);
  }
  CHECK(limiter.tracked() == 100);
  // Enough later attempts to trigger a sweep, long after the window.
  for (int i = 0; i < 2000; ++i) {
    limiter.try_begin("carol", t0 + 120s);
    limiter.abandoned("carol");
  }
  CHECK(limiter.tracked() <= 1);
}
