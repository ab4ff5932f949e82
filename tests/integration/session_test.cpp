// Sessions over a real socket against a real troupe-node: register, login,
// welcome, ping, logout, token, get_user, update_profile, one live session.

#include <doctest/doctest.h>

#include "tests/support/node_process.hpp"
#include "tests/support/ws_client.hpp"

using namespace troupe::test;

namespace {

json ok_data(const json& reply) {
  INFO(reply.dump());
  REQUIRE(reply["type"] == "ok");
  return reply["data"];
}

std::string error_code_of(const json& reply) {
  INFO(reply.dump());
  REQUIRE(reply["type"] == "error");
  return reply["code"];
}

} // namespace

TEST_CASE("a new user registers, logs in and is welcomed") {
  node_process node;
  ws_client c{node.port()};
  auto reg = ok_data(c.call("register", {{"username", "alice"},
                                         {"password", "correct horse"}}));
  CHECK(reg["user_id"].get<std::int64_t>() > 0);
  auto login = ok_data(c.call("login", {{"username", "alice"},
                                        {"password", "correct horse"}}));
  CHECK(login["user_id"] == reg["user_id"]);
  CHECK(login["username"] == "alice");
  auto welcome = c.next_push();
  CHECK(welcome["type"] == "welcome");
  CHECK(welcome["user_id"] == reg["user_id"]);
  CHECK(welcome["username"] == "alice");
}

TEST_CASE("commands other than register, login and ping need a login") {
  node_process node;
  ws_client c{node.port()};
  CHECK(c.call("ping")["type"] == "ok");
  for (auto type : {"logout", "token", "get_user", "update_profile"})
    CHECK(error_code_of(c.call(type, {{"username", "alice"}}))
          == "not_authenticated");
}
