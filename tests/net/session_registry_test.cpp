#include "net/session_registry.hpp"

#include <doctest/doctest.h>

using namespace std::chrono_literals;
using troupe::net::session_registry;

TEST_CASE("session_registry counts open sockets") {
  session_registry sessions;
  auto a = sessions.add([] {});
  auto b = sessions.add([] {});
  CHECK(a != b);
  CHECK(sessions.size() == 2);
  sessions.remove(a);
  CHECK(sessions.size() == 1);
  CHECK(!sessions.wait_until_empty(0ms));
  sessions.remove(b);
  CHECK(sessions.wait_until_empty(0ms));
}

TEST_CASE("close_all asks every socket to close, and closers may remove "
          "themselves") {
  session_registry sessions;
  int closed = 0;
  std::size_t key = 0;
  key = sessions.add([&] {
    ++closed;
    sessions.remove(key);
  });
  sessions.add([&] { ++closed; });
  sessions.close_all();
  CHECK(closed == 2);
  CHECK(sessions.size() == 1);
}
