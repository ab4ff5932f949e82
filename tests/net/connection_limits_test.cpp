#include "net/connection_limits.hpp"

#include <doctest/doctest.h>

using troupe::net::connection_limits;

TEST_CASE("connection_limits admits up to its bound per address, and a slot "
          "given back makes room") {
  connection_limits limits{0, 2};
  auto a = limits.admit("10.0.0.1");
  auto b = limits.admit("10.0.0.1");
  CHECK(a);
  CHECK(b);
  CHECK(!limits.admit("10.0.0.1"));
  CHECK(limits.admit("10.0.0.2"));
  CHECK(limits.refused() == 1);
  b.reset();
  CHECK(limits.admit("10.0.0.1"));
}

TEST_CASE("connection_limits admits up to its bound in all") {
  connection_limits limits{2, 0};
  auto a = limits.admit("10.0.0.1");
  auto b = limits.admit("10.0.0.2");
  CHECK(!limits.admit("10.0.0.3"));
  CHECK(limits.open() == 2);
  a.reset();
  CHECK(limits.open() == 1);
  CHECK(limits.admit("10.0.0.3"));
}

TEST_CASE("connection_limits forgets an address with its last socket") {
  connection_limits limits{0, 1};
  for (int i = 0; i < 1000; ++i) {
    auto slot = limits.admit("10.0.0." + std::to_string(i % 250));
    CHECK(slot);
  }
  CHECK(limits.open() == 0);
}
