// Decoding the JSON bodies of HTTP calls with decode_command (PROTOCOL.md
// section 6): the same checks as for WebSocket commands, never an id.

#include "protocol/decoder.hpp"

#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/protocol/decoder_support.hpp"

using namespace troupe::protocol;
using json = nlohmann::json;
using troupe::test::code_of;
using troupe::test::command_as;
using troupe::test::command_error;
using troupe::test::frame;
using troupe::test::registration;
using troupe::test::send_params;

namespace {

/// Returns `base` with the fields of `extra` added or replaced.
json with(json base, const json& extra) {
  base.update(extra);
  return base;
}

} // namespace

// -- HTTP bodies --------------------------------------------------------------

TEST_CASE("decode_command decodes a register body") {
  auto body = registration("alice", "correct horse");
  body["nickname"] = "Al";
  auto reg = command_as<register_command>("register", body.dump());
  CHECK(reg.username == "alice");
  CHECK(reg.password == "correct horse");
  CHECK(reg.profile[profile_field::nickname] == "Al");
  CHECK_FALSE(reg.profile[profile_field::bio].has_value());
}

TEST_CASE("decode_command decodes a login body") {
  auto login = command_as<login_command>(
    "login", registration("alice", "correct horse").dump());
  CHECK(login.username == "alice");
  CHECK(login.password == "correct horse");
}

TEST_CASE("decode_command needs neither id nor type in the body") {
  auto body = registration("alice", "correct horse");
  body["type"] = "ping";
  body["id"] = 17;
  auto reg = command_as<register_command>("register", body.dump());
  CHECK(reg.username == "alice");
}

TEST_CASE("decode_command answers unknown_type without an id") {
  for (auto type : {"group_delete", "message", "", "REGISTER", "token "}) {
    INFO("type: " << type);
    auto err = command_error(type, registration("alice", "pw").dump());
    CHECK(code_of(err) == "unknown_type");
    CHECK_FALSE(err.id.has_value());
  }
}

TEST_CASE("decode_command answers bad_request without an id for a body that "
          "is not a JSON object") {
  for (std::string body : {"", "nope", "[]", "null", "\"alice\"", "{",
                           R"({"username":"alice","password":"x"} x)"}) {
    INFO("body: " << body);
    auto err = command_error("register", body);
    CHECK(code_of(err) == "bad_request");
    CHECK_FALSE(err.id.has_value());
  }
}

TEST_CASE("decode_command checks parameters as the WebSocket command does") {
  limits lim;
  lim.max_profile_chars = 5;
  struct {
    const char* type;
    json body;
    const char* code;
  } cases[] = {
    {"register", {{"username", "alice"}}, "bad_request"},
    {"register", with(registration("alice", "x"), {{"password", 12345678}}),
     "bad_request"},
    {"register", registration("Alice", "correct horse"), "invalid_username"},
    {"register", registration("alice", "short"), "weak_password"},
    {"register",
     with(registration("alice", "correct horse"), {{"bio", "123456"}}),
     "too_long"},
    {"login", {{"username", "alice"}}, "bad_request"},
    {"login", {{"username", "alice"}, {"password", nullptr}}, "bad_request"},
  };
  for (auto& [type, body, code] : cases) {
    INFO("type: " << type << ", body: " << body.dump());
    auto err = command_error(type, body.dump(), lim);
    CHECK(code_of(err) == code);
    CHECK_FALSE(err.id.has_value());
  }
}

TEST_CASE("decode_command decodes the friend and message commands from a "
          "body") {
  auto fr = command_as<friend_request_command>(
    "friend_request", json{{"username", "bob"}, {"note", "yo"}}.dump());
  CHECK(fr.username == "bob");
  CHECK(fr.note == "yo");
  auto send = command_as<send_command>("send", send_params("image", 77).dump());
  CHECK(send.kind == message_kind::image);
  CHECK(send.body == "77");
  auto err = command_error("friend_respond",
                           json{{"request_id", "7"}, {"accept", true}}.dump());
  CHECK(code_of(err) == "bad_request");
  CHECK_FALSE(err.id.has_value());
  // An ack is a frame, not a command an HTTP body can carry.
  err = command_error("ack", json{{"id", 5}}.dump());
  CHECK(code_of(err) == "unknown_type");
}
