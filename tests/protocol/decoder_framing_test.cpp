// Decoding client frames (PROTOCOL.md sections 1 and 2): text that is no
// JSON object, the request id, the type, and which errors count as bad
// frames. Frames are built with nlohmann::json where they are valid JSON and
// spelled out by hand where they are not.

#include "protocol/decoder.hpp"

#include <string>
#include <variant>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/protocol/decoder_support.hpp"

using namespace troupe::protocol;
using json = nlohmann::json;
using troupe::test::accepted;
using troupe::test::body_as;
using troupe::test::code_of;
using troupe::test::command_error;
using troupe::test::e_acute;
using troupe::test::euro;
using troupe::test::frame;
using troupe::test::grin;
using troupe::test::non_strings;
using troupe::test::registration;
using troupe::test::rejected;
using troupe::test::repeat;
using troupe::test::send_params;

// -- framing ------------------------------------------------------------------

TEST_CASE("decoder answers bad_request with a null id for text that is not "
          "JSON") {
  for (std::string text :
       {"", " ", "not json", "{", "}", "{\"id\":\"a\"",
        "{\"id\":\"a\",\"type\":\"ping\",}", "{'id':'a','type':'ping'}",
        "{id:\"a\",type:\"ping\"}", "{\"id\":\"a\",\"type\":\"ping\"} x",
        "{\"id\":\"a\",\"type\":\"ping\"}{}",
        "/* c */{\"id\":\"a\",\"type\":\"ping\"}",
        "{\"id\":\"a\",\"type\":\"ping\"} // c",
        "{\"id\":\"a\",\"type\":\"ping\",\"n\":NaN}",
        "{\"id\":\"a\",\"type\":\"ping\",\"n\":01}"}) {
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK_FALSE(err.id.has_value());
  }
}

// nlohmann's lexer stops at a NUL byte, so without a check of its own the
// decoder would act on the object before it and ignore the rest.
TEST_CASE("decoder answers bad_request for bytes after a NUL") {
  auto text = std::string{R"({"id":"a","type":"ping"})"} + '\0'
              + R"({"id":"b","type":"logout"})";
  auto result = decode_request(text, limits{});
  CHECK(std::holds_alternative<decode_error>(result));
  if (auto err = std::get_if<decode_error>(&result)) {
    CHECK(code_of(*err) == "bad_request");
    CHECK_FALSE(err->id.has_value());
  }
  auto body = registration("alice", "correct horse").dump() + '\0' + "x";
  auto cmd = decode_command("login", body, limits{});
  CHECK(std::holds_alternative<decode_error>(cmd));
}

TEST_CASE("decoder answers bad_request with a null id for JSON that is not "
          "an object") {
  for (std::string text :
       {"[]", R"([{"id":"a","type":"ping"}])", R"("ping")", "42", "-1.5",
        "null", "true", "false", R"(["a","ping"])"}) {
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK_FALSE(err.id.has_value());
  }
}

TEST_CASE("decoder accepts whitespace around the object") {
  auto req = accepted(" \r\n\t{ \"id\" : \"a\" , \"type\" : \"ping\" }\n ");
  CHECK(req.id == "a");
  body_as<ping_command>(req);
}

// -- id -----------------------------------------------------------------------

TEST_CASE("decoder answers bad_request with a null id when id is missing") {
  for (json obj : {json{{"type", "ping"}}, json{{"type", "register"}},
                   json::object(), json{{"ID", "a"}, {"type", "ping"}}}) {
    auto err = rejected(obj.dump());
    CHECK(code_of(err) == "bad_request");
    CHECK_FALSE(err.id.has_value());
  }
}

TEST_CASE("decoder answers bad_request with a null id for a non-string id") {
  for (auto& id : non_strings()) {
    json obj{{"id", id}, {"type", "ping"}};
    auto err = rejected(obj.dump());
    INFO("frame: " << obj.dump());
    CHECK(code_of(err) == "bad_request");
    CHECK_FALSE(err.id.has_value());
  }
}

TEST_CASE("decoder answers bad_request with a null id for an empty id") {
  auto err = rejected(frame("", "ping"));
  CHECK(code_of(err) == "bad_request");
  CHECK_FALSE(err.id.has_value());
}

TEST_CASE("decoder answers bad_request with a null id for an id of 65 code "
          "points") {
  for (auto id : {std::string(65, 'x'), repeat(grin, 65),
                  repeat(e_acute, 64) + "x", std::string(1000, 'x')}) {
    auto err = rejected(frame(id, "ping"));
    CHECK(code_of(err) == "bad_request");
    CHECK_FALSE(err.id.has_value());
  }
}

TEST_CASE("decoder accepts ids of 1 to 64 code points, multi-byte "
          "included") {
  for (auto id : {std::string{"a"}, std::string(64, 'x'), repeat(grin, 64),
                  repeat(euro, 32) + repeat(e_acute, 31) + "x",
                  std::string{"c-42"}, std::string{" "}}) {
    auto req = accepted(frame(id, "ping"));
    CHECK(req.id == id);
    body_as<ping_command>(req);
  }
}

TEST_CASE("decoder counts an escaped character in the id as one code "
          "point") {
  // 64 times \u00e9: 384 bytes on the wire, 128 bytes decoded, 64 characters.
  auto escaped = repeat("\\u00e9", 64);
  auto req = accepted(R"({"type":"ping","id":")" + escaped + "\"}");
  CHECK(req.id == repeat(e_acute, 64));
  auto err = rejected(R"({"type":"ping","id":")" + escaped + "\\u00e9\"}");
  CHECK(code_of(err) == "bad_request");
  CHECK_FALSE(err.id.has_value());
}

// -- type ---------------------------------------------------------------------

TEST_CASE("decoder answers bad_request with the id when type is missing") {
  auto err = rejected(json{{"id", "c-7"}}.dump());
  CHECK(code_of(err) == "bad_request");
  CHECK(err.id == "c-7");
}

TEST_CASE("decoder answers bad_request with the id for a non-string type") {
  for (auto& type : non_strings()) {
    json obj{{"id", "c-7"}, {"type", type}};
    auto err = rejected(obj.dump());
    INFO("frame: " << obj.dump());
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "c-7");
  }
}

TEST_CASE("decoder answers unknown_type with the id for commands it does "
          "not know") {
  // Pushes are no commands, nor are names PROTOCOL.md does not have.
  const char* unknown[]
    = {"welcome",       "closing",       "message", "group_update",
       "friend_update", "presence_push", "system",  "group_delete"};
  for (auto type : unknown) {
    auto err = rejected(frame("c-8", type));
    INFO("type: " << type);
    CHECK(code_of(err) == "unknown_type");
    CHECK(err.id == "c-8");
  }
}

TEST_CASE("decoder answers unknown_type for near misses of known types") {
  const char* near_misses[]
    = {"",           "PING",     "Ping",    "ping ", " ping",
       "register\t", "get-user", "getUser", "ok",    "error"};
  for (auto type : near_misses) {
    auto err = rejected(frame("c-9", type));
    INFO("type: " << type);
    CHECK(code_of(err) == "unknown_type");
    CHECK(err.id == "c-9");
  }
}

TEST_CASE("decoder answers unknown_type before checking parameters") {
  auto err = rejected(
    frame("c-9", "group_delete", {{"group_id", "x"}, {"body", {1, 2}}}));
  CHECK(code_of(err) == "unknown_type");
  CHECK(err.id == "c-9");
}

TEST_CASE("decoder knows every group command, in frames and in HTTP "
          "bodies") {
  struct {
    const char* type;
    json params;
  } cases[] = {
    {"group_create", {{"name", "club"}}},
    {"group_add", {{"group_id", 1}, {"username", "bob"}}},
    {"group_kick", {{"group_id", 1}, {"username", "bob"}}},
    {"group_leave", {{"group_id", 1}}},
    {"group_set_role",
     {{"group_id", 1}, {"username", "bob"}, {"role", "admin"}}},
    {"group_set_state", {{"group_id", 1}, {"state", "muted"}}},
    {"group_send", {{"group_id", 1}, {"kind", "text"}, {"body", "hi"}}},
    {"groups", json::object()},
    {"group_members", {{"group_id", 1}}},
  };
  for (auto& [type, params] : cases) {
    auto req = accepted(frame("gc-1", type, params));
    CHECK(req.id == "gc-1");
    INFO("type: " << type);
    auto http = decode_command(type, params.dump(), limits{});
    CHECK(std::holds_alternative<command>(http));
  }
}

// -- bad frames ---------------------------------------------------------------

TEST_CASE("decoder errors count as bad frames exactly for bad_request and "
          "unknown_type") {
  limits lim;
  lim.max_profile_chars = 5;
  struct {
    std::string text;
    const char* code;
    bool bad_frame;
  } cases[] = {
    {"nope", "bad_request", true},
    {"[]", "bad_request", true},
    {frame("b-1", "group_delete"), "unknown_type", true},
    {frame("b-2", "get_user"), "bad_request", true},
    {frame("b-3", "register", registration("A", "correct horse")),
     "invalid_username", false},
    {frame("b-4", "register", registration("alice", "short")), "weak_password",
     false},
    {frame("b-5", "update_profile", {{"bio", "too long"}}), "too_long", false},
  };
  for (auto& [text, code, bad_frame] : cases) {
    auto err = rejected(text, lim);
    INFO("frame: " << text);
    CHECK(code_of(err) == code);
    CHECK(counts_as_bad_frame(err.code) == bad_frame);
  }
}

TEST_CASE("decoder counts too_long and no_such_file of send as good "
          "frames") {
  limits lim;
  lim.max_text_chars = 3;
  auto err = rejected(frame("bf-1", "send", send_params("text", "four")), lim);
  CHECK(code_of(err) == "too_long");
  CHECK_FALSE(counts_as_bad_frame(err.code));
  err = rejected(frame("bf-2", "send", send_params("file", "x")));
  CHECK(code_of(err) == "no_such_file");
  CHECK_FALSE(counts_as_bad_frame(err.code));
  err = rejected(frame("bf-3", "send", send_params("video", "x")));
  CHECK(code_of(err) == "bad_request");
  CHECK(counts_as_bad_frame(err.code));
}
