#pragma once

#include <string>

#include <doctest/doctest.h>

#include "tests/support/ws_client.hpp"

namespace troupe::test {

/// Returns the `data` of an ok reply; fails the test on anything else.
inline json ok_data(const json& reply) {
  INFO(reply.dump());
  REQUIRE(reply.value("type", "") == "ok");
  return reply["data"];
}

/// Returns the `code` of an error reply; fails the test on anything else.
inline std::string error_code_of(const json& reply) {
  INFO(reply.dump());
  REQUIRE(reply.value("type", "") == "error");
  CHECK(reply["message"].is_string());
  return reply["code"];
}

/// Registers `name` with a default password over `c`; returns the user id.
inline std::int64_t register_user(ws_client& c, const std::string& name,
                                  const std::string& password
                                  = "correct horse") {
  auto data = ok_data(c.call("register", {{"username", name},
                                          {"password", password}}));
  return data["user_id"].get<std::int64_t>();
}

/// Opens a session, registers `name` and logs in (welcome consumed).
inline ws_client logged_in(std::uint16_t port, const std::string& name,
                           const std::string& password = "correct horse") {
  ws_client c{port};
  register_user(c, name, password);
  ok_data(c.login(name, password));
  return c;
}

} // namespace troupe::test
