#pragma once

#include <string>
#include <utility>

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
  auto data
    = ok_data(c.call("register", {{"username", name}, {"password", password}}));
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

/// Opens a session for an existing user and logs in (welcome consumed).
inline ws_client logged_in_again(std::uint16_t port, const std::string& name,
                                 const std::string& password
                                 = "correct horse") {
  ws_client c{port};
  ok_data(c.login(name, password));
  return c;
}

/// Makes the users of `a` and `b` friends: `a` asks, `b` accepts; both
/// pushes on the way are acknowledged.
inline void make_friends(ws_client& a, const std::string& a_name, ws_client& b,
                         const std::string& b_name) {
  auto request = ok_data(a.call("friend_request", {{"username", b_name}}));
  auto asked = b.next_push("friend_request");
  CHECK(asked["from"] == a_name);
  b.ack(asked);
  ok_data(b.call("friend_respond",
                 {{"request_id", request["request_id"]}, {"accept", true}}));
  auto accepted = a.next_push("friend_update");
  CHECK(accepted["username"] == b_name);
  CHECK(accepted["change"] == "accepted");
  a.ack(accepted);
}

/// Registers and logs in `a` and `b` on the node at `port` and makes them
/// friends.
inline std::pair<ws_client, ws_client> friends_logged_in(std::uint16_t port,
                                                         const std::string& a,
                                                         const std::string& b) {
  auto first = logged_in(port, a);
  auto second = logged_in(port, b);
  make_friends(first, a, second, b);
  return {std::move(first), std::move(second)};
}

/// Sends a text from `from` to `to` and returns the ok reply's data.
inline json send_text(ws_client& from, const std::string& to,
                      const std::string& text) {
  return ok_data(
    from.call("send", {{"to", to}, {"kind", "text"}, {"body", text}}));
}

} // namespace troupe::test
