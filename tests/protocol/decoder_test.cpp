// Decoding client frames and HTTP bodies into validated commands
// (PROTOCOL.md sections 1 to 3). Frames are built with nlohmann::json where
// they are valid JSON and spelled out by hand where they are not.

#include "protocol/decoder.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace troupe::protocol;
using json = nlohmann::json;

namespace {

// One code point each, of 2, 3 and 4 bytes in UTF-8.
const std::string e_acute = "\xC3\xA9";      // U+00E9
const std::string euro = "\xE2\x82\xAC";     // U+20AC
const std::string grin = "\xF0\x9F\x98\x80"; // U+1F600

const char* profile_names[]
  = {"nickname", "email", "phone", "avatar", "location", "bio", "public_key"};

std::string repeat(const std::string& unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i)
    out += unit;
  return out;
}

/// Returns the start of `frame`, short enough for a failure message.
std::string shorten(const std::string& frame) {
  return frame.size() <= 160 ? frame
                             : frame.substr(0, 160) + "... ("
                                 + std::to_string(frame.size()) + " bytes)";
}

/// Returns the wire name of `err.code`, so failures print names.
std::string code_of(const decode_error& err) {
  return std::string{to_string(err.code)};
}

/// Returns `obj` as a frame with `id` and `type` set.
std::string frame(const std::string& id, const std::string& type,
                  json obj = json::object()) {
  obj["id"] = id;
  obj["type"] = type;
  return obj.dump();
}

/// Decodes `text`, failing the test when it does not yield a request.
request accepted(const std::string& text, const limits& lim = limits{}) {
  INFO("frame: " << shorten(text));
  auto result = decode_request(text, lim);
  if (auto err = std::get_if<decode_error>(&result)) {
    INFO("error: " << code_of(*err) << " (" << err->message << ")");
    REQUIRE(std::holds_alternative<request>(result));
  }
  return std::get<request>(std::move(result));
}

/// Decodes `text`, failing the test when it yields a request.
decode_error rejected(const std::string& text, const limits& lim = limits{}) {
  INFO("frame: " << shorten(text));
  auto result = decode_request(text, lim);
  REQUIRE(std::holds_alternative<decode_error>(result));
  auto err = std::get<decode_error>(std::move(result));
  // Every error explains itself to the client.
  CHECK_FALSE(err.message.empty());
  return err;
}

/// Returns the command of type `T` in `req`, failing the test without one.
template <class T>
T body_as(const request& req) {
  auto ptr = std::get_if<T>(&req.body);
  REQUIRE(ptr != nullptr);
  return *ptr;
}

/// Returns the command of type `T` decoded from an HTTP body.
template <class T>
T command_as(std::string_view type, const std::string& body,
             const limits& lim = limits{}) {
  INFO("type: " << std::string{type} << ", body: " << shorten(body));
  auto result = decode_command(type, body, lim);
  if (auto err = std::get_if<decode_error>(&result)) {
    INFO("error: " << code_of(*err) << " (" << err->message << ")");
    REQUIRE(std::holds_alternative<command>(result));
  }
  auto ptr = std::get_if<T>(&std::get<command>(result));
  REQUIRE(ptr != nullptr);
  return *ptr;
}

/// Returns the error that decoding an HTTP body yields.
decode_error command_error(std::string_view type, const std::string& body,
                           const limits& lim = limits{}) {
  INFO("type: " << std::string{type} << ", body: " << shorten(body));
  auto result = decode_command(type, body, lim);
  REQUIRE(std::holds_alternative<decode_error>(result));
  return std::get<decode_error>(std::move(result));
}

json registration(const std::string& username, const std::string& password) {
  return json{{"username", username}, {"password", password}};
}

/// Returns `base` with the fields of `extra` added or replaced.
json with(json base, const json& extra) {
  base.update(extra);
  return base;
}

/// Returns JSON values of every type but string.
const std::vector<json>& non_strings() {
  static const std::vector<json> values{json(42),       json(1.5),
                                        json(nullptr),  json(true),
                                        json::array(),  json::array({"alice"}),
                                        json::object(), json{{"alice", "x"}}};
  return values;
}

} // namespace

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
  // Commands of PROTOCOL.md this node does not implement yet, and pushes.
  const char* later[]
    = {"group_create",    "group_add",    "group_kick", "group_leave",
       "group_set_role",  "group_set_state", "group_send", "groups",
       "group_members",   "welcome",      "closing",    "message"};
  for (auto type : later) {
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
    frame("c-9", "group_send", {{"group_id", "x"}, {"body", {1, 2}}}));
  CHECK(code_of(err) == "unknown_type");
  CHECK(err.id == "c-9");
}

// -- the commands -------------------------------------------------------------

TEST_CASE("decoder decodes commands without parameters") {
  body_as<ping_command>(accepted(frame("1", "ping")));
  body_as<logout_command>(accepted(frame("2", "logout")));
  body_as<token_command>(accepted(frame("3", "token")));
}

TEST_CASE("decoder decodes register with username and password") {
  auto req = accepted(
    frame("r-1", "register", registration("alice", "correct horse")));
  CHECK(req.id == "r-1");
  auto reg = body_as<register_command>(req);
  CHECK(reg.username == "alice");
  CHECK(reg.password == "correct horse");
  CHECK(reg.profile.empty());
}

TEST_CASE("decoder decodes login with username and password") {
  auto req = accepted(
    frame("l-1", "login", {{"username", "alice"}, {"password", "pw"}}));
  CHECK(req.id == "l-1");
  auto login = body_as<login_command>(req);
  CHECK(login.username == "alice");
  CHECK(login.password == "pw");
}

TEST_CASE("decoder decodes get_user with a username") {
  auto req = accepted(frame("g-1", "get_user", {{"username", "bob"}}));
  CHECK(body_as<get_user_command>(req).username == "bob");
}

TEST_CASE("decoder decodes update_profile with no fields as an empty "
          "update") {
  auto req = accepted(frame("u-1", "update_profile"));
  CHECK(body_as<update_profile_command>(req).profile.empty());
}

TEST_CASE("decoder ignores unknown extra fields") {
  json extra{{"extra", 1},
             {"nested", {{"deep", {1, 2, 3}}}},
             {"note", nullptr},
             {"to", "bob"}};
  body_as<ping_command>(accepted(frame("e-1", "ping", extra)));
  auto with_creds = extra;
  with_creds.update(registration("alice", "correct horse"));
  auto reg
    = body_as<register_command>(accepted(frame("e-2", "register", with_creds)));
  CHECK(reg.username == "alice");
  CHECK(reg.profile.empty());
  auto login
    = body_as<login_command>(accepted(frame("e-3", "login", with_creds)));
  CHECK(login.username == "alice");
  extra["username"] = "bob";
  CHECK(body_as<get_user_command>(accepted(frame("e-4", "get_user", extra)))
          .username
        == "bob");
  CHECK(body_as<update_profile_command>(
          accepted(frame("e-5", "update_profile", extra)))
          .profile.empty());
}

// -- required fields ----------------------------------------------------------

TEST_CASE("decoder answers bad_request with the id when a required field is "
          "missing") {
  struct {
    const char* type;
    json params;
  } cases[] = {
    {"register", {{"password", "correct horse"}}},
    {"register", {{"username", "alice"}}},
    {"register", json::object()},
    {"login", {{"password", "correct horse"}}},
    {"login", {{"username", "alice"}}},
    {"login", json::object()},
    {"get_user", json::object()},
    {"get_user", {{"user", "alice"}}},
  };
  for (auto& [type, params] : cases) {
    auto text = frame("m-1", type, params);
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "m-1");
  }
}

TEST_CASE("decoder answers bad_request with the id when a required field is "
          "not a string") {
  struct {
    const char* type;
    const char* field;
  } cases[] = {{"register", "username"},
               {"register", "password"},
               {"login", "username"},
               {"login", "password"},
               {"get_user", "username"}};
  for (auto& [type, field] : cases) {
    for (auto& value : non_strings()) {
      auto params = registration("alice", "correct horse");
      params[field] = value;
      auto text = frame("w-1", type, params);
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "w-1");
    }
  }
}

// -- register: usernames and passwords ----------------------------------------

TEST_CASE("decoder answers invalid_username for usernames outside the "
          "rules") {
  for (auto name :
       {std::string{"Alice"}, std::string{"ALICE"}, std::string{"al ice"},
        std::string{"alice "}, std::string{"al@ice"}, std::string{"al:ice"},
        std::string{"al+ice"}, std::string{"j"} + e_acute + "r",
        repeat(e_acute, 3), std::string{"ab"}, std::string{""},
        std::string(33, 'a'), std::string{"bob"} + grin}) {
    auto text = frame("n-1", "register", registration(name, "correct horse"));
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "invalid_username");
    CHECK(err.id == "n-1");
  }
}

TEST_CASE("decoder accepts usernames of 3 and 32 allowed characters") {
  for (auto name :
       {std::string{"abc"}, std::string(32, 'z'), std::string{"a_b.c-9"},
        std::string{"0.0"}, std::string{"abcdefghijklmnopqrstuvwxyz012345"}}) {
    auto reg = body_as<register_command>(
      accepted(frame("n-2", "register", registration(name, "correct horse"))));
    CHECK(reg.username == name);
  }
}

TEST_CASE("decoder answers weak_password for 7 and 129 characters") {
  for (auto pw : {std::string(7, 'p'), std::string(129, 'p'), std::string{""},
                  repeat(grin, 7), repeat(grin, 129), repeat(e_acute, 129)}) {
    auto err = rejected(frame("p-1", "register", registration("alice", pw)));
    INFO("password bytes: " << pw.size());
    CHECK(code_of(err) == "weak_password");
    CHECK(err.id == "p-1");
  }
}

TEST_CASE("decoder accepts passwords of 8 and 128 characters") {
  for (auto pw : {std::string(8, 'p'), std::string(128, 'p'), repeat(grin, 8),
                  repeat(grin, 128), repeat(euro, 100) + "12345678"}) {
    auto reg = body_as<register_command>(
      accepted(frame("p-2", "register", registration("alice", pw))));
    CHECK(reg.password == pw);
  }
}

TEST_CASE("decoder does not check the username or password format on "
          "login") {
  // A wrong username or a short password is just a failed login later
  // (auth_failed), never a hint about the registration rules.
  auto login = body_as<login_command>(accepted(
    frame("l-2", "login", {{"username", "Not A Name!"}, {"password", "x"}})));
  CHECK(login.username == "Not A Name!");
  CHECK(login.password == "x");
  login = body_as<login_command>(
    accepted(frame("l-3", "login", {{"username", ""}, {"password", ""}})));
  CHECK(login.username.empty());
}

// -- profile fields -----------------------------------------------------------

TEST_CASE("decoder reads every optional profile field of update_profile") {
  json params;
  for (auto name : profile_names)
    params[name] = std::string{"value of "} + name;
  auto update = body_as<update_profile_command>(
                  accepted(frame("f-1", "update_profile", params)))
                  .profile;
  for_each_profile_field([&](profile_field f) {
    auto name = std::string{to_string(f)};
    INFO(name);
    REQUIRE(update[f].has_value());
    CHECK(*update[f] == "value of " + name);
  });
}

TEST_CASE("decoder reads the profile fields of register") {
  auto params = registration("alice", "correct horse");
  for (auto name : profile_names)
    params[name] = std::string{name} + "!";
  auto reg
    = body_as<register_command>(accepted(frame("f-2", "register", params)));
  for_each_profile_field([&](profile_field f) {
    auto name = std::string{to_string(f)};
    INFO(name);
    REQUIRE(reg.profile[f].has_value());
    CHECK(*reg.profile[f] == name + "!");
  });
}

TEST_CASE("decoder leaves absent profile fields unset") {
  auto update = body_as<update_profile_command>(
                  accepted(frame("f-3", "update_profile",
                                 {{"bio", "hi"}, {"phone", "+1 555"}})))
                  .profile;
  CHECK(update[profile_field::bio] == "hi");
  CHECK(update[profile_field::phone] == "+1 555");
  CHECK_FALSE(update[profile_field::nickname].has_value());
  CHECK_FALSE(update[profile_field::email].has_value());
  CHECK_FALSE(update[profile_field::avatar].has_value());
  CHECK_FALSE(update[profile_field::location].has_value());
  CHECK_FALSE(update[profile_field::public_key].has_value());
}

TEST_CASE("decoder answers bad_request with the id for a non-string profile "
          "field") {
  for (auto name : profile_names) {
    for (auto& value : non_strings()) {
      json params{{name, value}};
      auto text = frame("f-4", "update_profile", params);
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "f-4");
      params.update(registration("alice", "correct horse"));
      text = frame("f-5", "register", params);
      err = rejected(text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "f-5");
    }
  }
}

TEST_CASE("decoder answers too_long with the id for a profile field over "
          "the limit") {
  limits lim;
  lim.max_profile_chars = 5;
  for (auto name : profile_names) {
    INFO(name);
    auto err
      = rejected(frame("t-1", "update_profile", {{name, "123456"}}), lim);
    CHECK(code_of(err) == "too_long");
    CHECK(err.id == "t-1");
    auto params = registration("alice", "correct horse");
    params[name] = repeat(grin, 6);
    err = rejected(frame("t-2", "register", params), lim);
    CHECK(code_of(err) == "too_long");
    CHECK(err.id == "t-2");
  }
}

TEST_CASE("decoder accepts a profile field of exactly the limit in code "
          "points") {
  limits lim;
  lim.max_profile_chars = 5;
  for (auto value : {std::string{"12345"}, repeat(grin, 5),
                     repeat(e_acute, 2) + repeat(euro, 3), std::string{""}}) {
    INFO("bytes: " << value.size());
    auto update
      = body_as<update_profile_command>(
          accepted(frame("t-3", "update_profile", {{"bio", value}}), lim))
          .profile;
    CHECK(update[profile_field::bio] == value);
  }
}

TEST_CASE("decoder applies the default profile limit") {
  limits lim;
  auto at_limit = std::string(lim.max_profile_chars, 'b');
  auto update = body_as<update_profile_command>(
                  accepted(frame("t-4", "update_profile", {{"bio", at_limit}})))
                  .profile;
  CHECK(update[profile_field::bio] == at_limit);
  auto err
    = rejected(frame("t-5", "update_profile", {{"bio", at_limit + "b"}}));
  CHECK(code_of(err) == "too_long");
}

// -- friend commands ----------------------------------------------------------

TEST_CASE("decoder decodes friend_request with a username and a note") {
  auto req = accepted(
    frame("fr-1", "friend_request", {{"username", "bob"}, {"note", "hi!"}}));
  CHECK(req.id == "fr-1");
  auto cmd = body_as<friend_request_command>(req);
  CHECK(cmd.username == "bob");
  CHECK(cmd.note == "hi!");
}

TEST_CASE("decoder reads a missing friend_request note as empty") {
  auto cmd = body_as<friend_request_command>(
    accepted(frame("fr-2", "friend_request", {{"username", "bob"}})));
  CHECK(cmd.username == "bob");
  CHECK(cmd.note == "");
}

TEST_CASE("decoder answers too_long with the id for a friend_request note "
          "over the text limit") {
  limits lim;
  lim.max_text_chars = 5;
  for (auto note : {std::string{"123456"}, repeat(grin, 6),
                    repeat(e_acute, 3) + repeat(euro, 3)}) {
    INFO("note bytes: " << note.size());
    auto err = rejected(
      frame("fr-3", "friend_request", {{"username", "bob"}, {"note", note}}),
      lim);
    CHECK(code_of(err) == "too_long");
    CHECK(err.id == "fr-3");
  }
}

TEST_CASE("decoder accepts a friend_request note of exactly the text limit "
          "in code points") {
  limits lim;
  lim.max_text_chars = 5;
  for (auto note : {std::string{"12345"}, repeat(grin, 5),
                    repeat(e_acute, 2) + repeat(euro, 3)}) {
    INFO("note bytes: " << note.size());
    auto cmd = body_as<friend_request_command>(accepted(
      frame("fr-4", "friend_request", {{"username", "bob"}, {"note", note}}),
      lim));
    CHECK(cmd.note == note);
  }
}

TEST_CASE("decoder applies the default text limit to a friend_request "
          "note") {
  limits lim;
  auto at_limit = repeat(euro, lim.max_text_chars);
  auto cmd = body_as<friend_request_command>(accepted(frame(
    "fr-5", "friend_request", {{"username", "bob"}, {"note", at_limit}})));
  CHECK(cmd.note == at_limit);
  auto err = rejected(frame("fr-6", "friend_request",
                            {{"username", "bob"}, {"note", at_limit + "n"}}));
  CHECK(code_of(err) == "too_long");
  CHECK(err.id == "fr-6");
}

TEST_CASE("decoder decodes friend_respond with a request id and a bool") {
  for (bool accept : {true, false}) {
    auto req = accepted(
      frame("rs-1", "friend_respond", {{"request_id", 7}, {"accept", accept}}));
    CHECK(req.id == "rs-1");
    auto cmd = body_as<friend_respond_command>(req);
    CHECK(cmd.request_id == 7);
    CHECK(cmd.accept == accept);
  }
  auto cmd = body_as<friend_respond_command>(accepted(frame(
    "rs-2", "friend_respond", {{"request_id", max_id}, {"accept", true}})));
  CHECK(cmd.request_id == max_id);
}

TEST_CASE("decoder answers bad_request with the id for a friend_respond "
          "request id that is not a positive integer") {
  for (auto& value : {json(0), json(-1), json(1.5), json("7"), json(nullptr),
                      json(true), json::array({7}), json::object()}) {
    auto text = frame("rs-3", "friend_respond",
                      {{"request_id", value}, {"accept", true}});
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "rs-3");
  }
  // A raw integer above int64 must not wrap into a valid id.
  auto err = rejected(R"({"id":"rs-4","type":"friend_respond",)"
                      R"("request_id":18446744073709551623,"accept":true})");
  CHECK(code_of(err) == "bad_request");
  CHECK(err.id == "rs-4");
}

TEST_CASE("decoder answers bad_request with the id for a friend_respond "
          "accept that is not a bool") {
  for (auto& value : {json(1), json(0), json("true"), json("false"),
                      json(nullptr), json::array({true}), json::object()}) {
    auto text
      = frame("rs-5", "friend_respond", {{"request_id", 7}, {"accept", value}});
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "rs-5");
  }
}

TEST_CASE("decoder decodes friend_remove with a username") {
  auto req = accepted(frame("rm-1", "friend_remove", {{"username", "bob"}}));
  CHECK(req.id == "rm-1");
  CHECK(body_as<friend_remove_command>(req).username == "bob");
}

TEST_CASE("decoder decodes friends and friend_requests without "
          "parameters") {
  auto req = accepted(frame("fl-1", "friends"));
  CHECK(req.id == "fl-1");
  body_as<friends_command>(req);
  req = accepted(frame("fl-2", "friend_requests"));
  CHECK(req.id == "fl-2");
  body_as<friend_requests_command>(req);
  // Parameters they do not take are ignored like any unknown field.
  json extra{{"username", 5}, {"limit", "x"}};
  body_as<friends_command>(accepted(frame("fl-3", "friends", extra)));
  body_as<friend_requests_command>(
    accepted(frame("fl-4", "friend_requests", extra)));
}

// -- send ---------------------------------------------------------------------

namespace {

json send_params(const std::string& kind, json body) {
  return json{{"to", "bob"}, {"kind", kind}, {"body", std::move(body)}};
}

} // namespace

TEST_CASE("decoder decodes send of a text message") {
  auto req = accepted(frame("s-1", "send", send_params("text", "hello")));
  CHECK(req.id == "s-1");
  auto cmd = body_as<send_command>(req);
  CHECK(cmd.to == "bob");
  CHECK(cmd.kind == message_kind::text);
  CHECK(cmd.body == "hello");
}

TEST_CASE("decoder answers bad_request with the id for an empty text "
          "body") {
  auto err = rejected(frame("s-2", "send", send_params("text", "")));
  CHECK(code_of(err) == "bad_request");
  CHECK(err.id == "s-2");
}

TEST_CASE("decoder answers too_long with the id for a text body over the "
          "limit in code points") {
  limits lim;
  lim.max_text_chars = 5;
  for (auto body : {std::string{"123456"}, repeat(grin, 6),
                    repeat(e_acute, 3) + repeat(euro, 3)}) {
    INFO("body bytes: " << body.size());
    auto err = rejected(frame("s-3", "send", send_params("text", body)), lim);
    CHECK(code_of(err) == "too_long");
    CHECK(err.id == "s-3");
  }
}

TEST_CASE("decoder accepts a text body of exactly the limit in code "
          "points") {
  limits lim;
  lim.max_text_chars = 5;
  // 20 bytes but 5 code points: counted as characters, not bytes.
  for (auto body : {std::string{"12345"}, repeat(grin, 5),
                    repeat(e_acute, 2) + repeat(euro, 3), std::string{"x"}}) {
    INFO("body bytes: " << body.size());
    auto cmd = body_as<send_command>(
      accepted(frame("s-4", "send", send_params("text", body)), lim));
    CHECK(cmd.body == body);
  }
}

TEST_CASE("decoder applies the default text limit of 1023 code points") {
  limits lim;
  REQUIRE(lim.max_text_chars == 1023);
  for (auto unit : {std::string{"t"}, grin}) {
    auto at_limit = repeat(unit, 1023);
    auto cmd = body_as<send_command>(
      accepted(frame("s-5", "send", send_params("text", at_limit))));
    CHECK(cmd.body == at_limit);
    auto err
      = rejected(frame("s-6", "send", send_params("text", at_limit + unit)));
    CHECK(code_of(err) == "too_long");
    CHECK(err.id == "s-6");
  }
}

TEST_CASE("decoder answers bad_request with the id for a kind other than "
          "text, image and file") {
  std::vector<json> kinds = non_strings();
  for (auto name :
       {"", "TEXT", "Text", "text ", "image/png", "video", "files", "message"})
    kinds.emplace_back(name);
  for (auto& kind : kinds) {
    json params{{"to", "bob"}, {"kind", kind}, {"body", "hello"}};
    auto text = frame("s-7", "send", params);
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "s-7");
  }
}

TEST_CASE("decoder decodes an image or file body given as a JSON "
          "integer") {
  struct {
    const char* name;
    message_kind kind;
  } kinds[] = {{"image", message_kind::image}, {"file", message_kind::file}};
  for (auto& [name, kind] : kinds) {
    INFO("kind: " << std::string{name});
    auto cmd = body_as<send_command>(
      accepted(frame("s-8", "send", send_params(name, 123))));
    CHECK(cmd.to == "bob");
    CHECK(cmd.kind == kind);
    CHECK(cmd.body == "123");
    cmd = body_as<send_command>(
      accepted(frame("s-9", "send", send_params(name, max_id))));
    CHECK(cmd.body == "9007199254740991");
  }
}

// PROTOCOL.md section 3: "For image/file the body is a file id from
// POST /api/files", and a client may well send it as the string it got.
// Regression: parse_send once read the body with optional_id() first, which
// failed every non-integer with bad_request, so "123" never decoded and a
// malformed id never reached no_such_file.
TEST_CASE("decoder decodes an image or file body given as a digit "
          "string") {
  struct {
    const char* name;
    message_kind kind;
  } kinds[] = {{"image", message_kind::image}, {"file", message_kind::file}};
  for (auto& [name, kind] : kinds) {
    for (auto id : {"123", "1", "9007199254740991"}) {
      INFO("kind: " << std::string{name} << ", body: " << std::string{id});
      auto cmd = body_as<send_command>(
        accepted(frame("s-10", "send", send_params(name, id))));
      CHECK(cmd.kind == kind);
      CHECK(cmd.body == id);
    }
  }
}

TEST_CASE("decoder answers no_such_file with the id for an image or file "
          "body that is no file id") {
  for (auto name : {"image", "file"}) {
    for (auto body : {"", "abc", "12a", "a12", "0", "0123", "00", "-5", "+5",
                      " 123", "123 ", "1.5", "1e3", "0x1F"}) {
      auto text = frame("s-11", "send", send_params(name, body));
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "no_such_file");
      CHECK(err.id == "s-11");
    }
  }
}

TEST_CASE("decoder answers bad_request with the id for an image or file "
          "body of the wrong type") {
  for (auto name : {"image", "file"}) {
    for (auto& body :
         {json(0), json(-1), json(-123), json(1.5), json(123.5), json(nullptr),
          json(true), json::array({123}), json::object()}) {
      auto text = frame("s-12", "send", send_params(name, body));
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "s-12");
    }
  }
}

TEST_CASE("decoder answers bad_request with the id for a text body that is "
          "not a string") {
  for (auto& body : non_strings()) {
    auto text = frame("s-13", "send", send_params("text", body));
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "s-13");
  }
}

// -- history ------------------------------------------------------------------

TEST_CASE("decoder decodes history with a user and the defaults") {
  auto req = accepted(frame("h-1", "history", {{"with", "bob"}}));
  CHECK(req.id == "h-1");
  auto cmd = body_as<history_command>(req);
  CHECK(cmd.with == "bob");
  CHECK_FALSE(cmd.group_id.has_value());
  CHECK_FALSE(cmd.before.has_value());
  CHECK_FALSE(cmd.after.has_value());
  CHECK(cmd.limit == 50);
}

TEST_CASE("decoder decodes history of a group") {
  auto cmd = body_as<history_command>(
    accepted(frame("h-2", "history", {{"group_id", 9}})));
  CHECK(cmd.with.empty());
  CHECK(cmd.group_id == std::optional<std::int64_t>{9});
  CHECK(cmd.limit == 50);
}

TEST_CASE("decoder decodes history cursors and limit") {
  auto cmd = body_as<history_command>(accepted(
    frame("h-3", "history",
          {{"with", "bob"}, {"before", 40}, {"after", 10}, {"limit", 7}})));
  CHECK(cmd.with == "bob");
  CHECK(cmd.before == std::optional<std::int64_t>{40});
  CHECK(cmd.after == std::optional<std::int64_t>{10});
  CHECK(cmd.limit == 7);
  cmd = body_as<history_command>(
    accepted(frame("h-4", "history", {{"group_id", 3}, {"after", max_id}})));
  CHECK_FALSE(cmd.before.has_value());
  CHECK(cmd.after == std::optional<std::int64_t>{max_id});
}

TEST_CASE("decoder accepts history limits of 1 and 200") {
  for (int limit : {1, 2, 199, 200}) {
    auto cmd = body_as<history_command>(
      accepted(frame("h-5", "history", {{"with", "bob"}, {"limit", limit}})));
    CHECK(cmd.limit == static_cast<std::size_t>(limit));
  }
}

TEST_CASE("decoder answers bad_request with the id for a history limit "
          "outside 1 to 200") {
  for (auto& limit : {json(0), json(201), json(-1), json(1000), json(1.5),
                      json(10.0), json("10"), json(nullptr), json(true)}) {
    auto text = frame("h-6", "history", {{"with", "bob"}, {"limit", limit}});
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "h-6");
  }
}

TEST_CASE("decoder answers bad_request with the id for history with "
          "neither or both of with and group_id") {
  for (json params : {json::object(), json{{"with", ""}}, json{{"limit", 5}},
                      json{{"before", 5}, {"after", 2}},
                      json{{"with", "bob"}, {"group_id", 3}}}) {
    auto text = frame("h-7", "history", params);
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "h-7");
  }
}

TEST_CASE("decoder answers bad_request with the id for history ids that "
          "are not positive integers") {
  const std::vector<json> not_ids{json(0),          json(-1),      json(1.5),
                                  json("5"),        json(nullptr), json(true),
                                  json::array({5}), json::object()};
  for (auto field : {"group_id", "before", "after"}) {
    for (auto& value : not_ids) {
      json params{{field, value}};
      if (std::string{field} != "group_id")
        params["with"] = "bob";
      auto text = frame("h-8", "history", params);
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "h-8");
    }
  }
}

// -- presence and set_location ------------------------------------------------

TEST_CASE("decoder decodes presence with a username") {
  auto req = accepted(frame("p-1", "presence", {{"username", "bob"}}));
  CHECK(req.id == "p-1");
  CHECK(body_as<presence_command>(req).username == "bob");
}

TEST_CASE("decoder decodes set_location with fractional and integer "
          "degrees") {
  auto req
    = accepted(frame("l-1", "set_location", {{"lat", 52.52}, {"lon", 13.405}}));
  CHECK(req.id == "l-1");
  auto cmd = body_as<set_location_command>(req);
  CHECK(cmd.lat == 52.52);
  CHECK(cmd.lon == 13.405);
  cmd = body_as<set_location_command>(
    accepted(frame("l-2", "set_location", {{"lat", -33}, {"lon", 151}})));
  CHECK(cmd.lat == -33.0);
  CHECK(cmd.lon == 151.0);
  cmd = body_as<set_location_command>(
    accepted(frame("l-3", "set_location", {{"lat", 0}, {"lon", -0.5}})));
  CHECK(cmd.lat == 0.0);
  CHECK(cmd.lon == -0.5);
}

TEST_CASE("decoder accepts set_location on the boundaries") {
  struct {
    json lat;
    json lon;
  } cases[] = {{90, 180},
               {-90, -180},
               {90.0, -180.0},
               {-90.0, 180.0},
               {89.999999, 179.999999}};
  for (auto& [lat, lon] : cases) {
    auto text = frame("l-4", "set_location", {{"lat", lat}, {"lon", lon}});
    INFO("frame: " << text);
    auto cmd = body_as<set_location_command>(accepted(text));
    CHECK(cmd.lat == lat.get<double>());
    CHECK(cmd.lon == lon.get<double>());
  }
}

TEST_CASE("decoder answers bad_request with the id for set_location out of "
          "range") {
  struct {
    json lat;
    json lon;
  } cases[] = {{90.000001, 0},  {-90.000001, 0},  {91, 0},   {-91, 0},
               {0, 180.000001}, {0, -180.000001}, {0, 181},  {0, -181},
               {1e300, 0},      {0, -1e300},      {180, 90}, {1000, 1000}};
  for (auto& [lat, lon] : cases) {
    auto text = frame("l-5", "set_location", {{"lat", lat}, {"lon", lon}});
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "l-5");
  }
}

TEST_CASE("decoder answers bad_request with the id for set_location "
          "coordinates that are not numbers or are missing") {
  std::vector<json> not_numbers
    = {json("52.5"), json("NaN"), json("Infinity"), json("")};
  for (auto& value : non_strings())
    if (!value.is_number())
      not_numbers.push_back(value);
  for (auto field : {"lat", "lon"}) {
    for (auto& value : not_numbers) {
      auto params = json{{"lat", 1}, {"lon", 2}};
      params[field] = value;
      auto text = frame("l-6", "set_location", params);
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "l-6");
    }
  }
  for (json params : {json::object(), json{{"lat", 1}}, json{{"lon", 2}}}) {
    auto text = frame("l-7", "set_location", params);
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "l-7");
  }
}

// -- ack ----------------------------------------------------------------------

TEST_CASE("decoder decodes an ack of a push id into a request without an "
          "id") {
  for (std::int64_t push_id : {std::int64_t{1}, std::int64_t{42}, max_id}) {
    auto text = json{{"type", "ack"}, {"id", push_id}}.dump();
    auto req = accepted(text);
    CHECK(req.id.empty());
    CHECK(body_as<ack_command>(req).push_id == push_id);
  }
  // Fields beside id and type are ignored, as for every request.
  auto req = accepted(R"({"id":5,"type":"ack","note":"x","push":[1]})");
  CHECK(req.id.empty());
  CHECK(body_as<ack_command>(req).push_id == 5);
}

TEST_CASE("decoder answers bad_request with a null id for an ack without a "
          "positive integer id") {
  for (auto& id : {json("42"), json("c-1"), json(""), json(0), json(-1),
                   json(1.5), json(42.5), json(nullptr), json(true),
                   json::array({42}), json::object()}) {
    auto text = json{{"type", "ack"}, {"id", id}}.dump();
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK_FALSE(err.id.has_value());
  }
  for (std::string text : {R"({"type":"ack"})", R"({"type":"ack","push_id":4})",
                           R"({"type":"ack","id":18446744073709551615})",
                           R"({"type":"ack","id":9223372036854775808})"}) {
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK_FALSE(err.id.has_value());
  }
}

// -- every new command --------------------------------------------------------

TEST_CASE("decoder answers bad_request with the id when a required field of "
          "a friend or message command is missing") {
  struct {
    const char* type;
    json params;
  } cases[] = {
    {"friend_request", json::object()},
    {"friend_request", {{"note", "hi"}}},
    {"friend_request", {{"user", "bob"}}},
    {"friend_respond", json::object()},
    {"friend_respond", {{"accept", true}}},
    {"friend_respond", {{"request_id", 7}}},
    {"friend_remove", json::object()},
    {"send", json::object()},
    {"send", {{"kind", "text"}, {"body", "hi"}}},
    {"send", {{"to", "bob"}, {"body", "hi"}}},
    {"send", {{"to", "bob"}, {"kind", "text"}}},
    {"send", {{"to", "bob"}, {"kind", "image"}}},
    {"send", {{"to", "bob"}, {"kind", "file"}}},
    {"presence", json::object()},
    {"presence", {{"user", "bob"}}},
  };
  for (auto& [type, params] : cases) {
    auto text = frame("mf-1", type, params);
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "mf-1");
  }
}

TEST_CASE("decoder answers bad_request with the id for wrong-typed fields "
          "of the friend and message commands") {
  const std::vector<json> not_ids{json("7"),        json(0),       json(-1),
                                  json(1.5),        json(nullptr), json(true),
                                  json::array({7}), json::object()};
  const std::vector<json> not_bools{json(1), json("true"), json(nullptr),
                                    json::array({true}), json::object()};
  const std::vector<json> not_numbers{json("1"), json(nullptr), json(false),
                                      json::array({1}), json::object()};
  const auto& not_strings = non_strings();
  struct {
    const char* type;
    json valid;
    const char* field;
    const std::vector<json>& wrong;
  } cases[] = {
    {"friend_request", {{"username", "bob"}}, "username", not_strings},
    {"friend_request", {{"username", "bob"}}, "note", not_strings},
    {"friend_respond",
     {{"request_id", 1}, {"accept", true}},
     "request_id",
     not_ids},
    {"friend_respond",
     {{"request_id", 1}, {"accept", true}},
     "accept",
     not_bools},
    {"friend_remove", {{"username", "bob"}}, "username", not_strings},
    {"send", send_params("text", "hi"), "to", not_strings},
    {"send", send_params("text", "hi"), "kind", not_strings},
    {"send", send_params("text", "hi"), "body", not_strings},
    {"send", send_params("image", 5), "to", not_strings},
    {"send", send_params("file", 5), "kind", not_strings},
    {"history", {{"with", "bob"}}, "with", not_strings},
    {"history", {{"group_id", 2}}, "group_id", not_ids},
    {"history", {{"with", "bob"}}, "before", not_ids},
    {"history", {{"group_id", 2}}, "after", not_ids},
    {"presence", {{"username", "bob"}}, "username", not_strings},
    {"set_location", {{"lat", 1}, {"lon", 2}}, "lat", not_numbers},
    {"set_location", {{"lat", 1}, {"lon", 2}}, "lon", not_numbers},
  };
  for (auto& [type, valid, field, wrong] : cases) {
    // The valid parameters pass, so each rejection is the field's doing.
    accepted(frame("wt-1", type, valid));
    for (auto& value : wrong) {
      auto params = valid;
      params[field] = value;
      auto text = frame("wt-2", type, params);
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "wt-2");
    }
  }
}

TEST_CASE("decoder answers unknown_type with the id for group commands even "
          "with well-formed parameters") {
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
    auto text = frame("gc-1", type, params);
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "unknown_type");
    CHECK(err.id == "gc-1");
    auto http = command_error(type, params.dump());
    CHECK(code_of(http) == "unknown_type");
    CHECK_FALSE(http.id.has_value());
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

// -- hostile input ------------------------------------------------------------

TEST_CASE("decoder survives deeply nested JSON inside a 64 KiB frame") {
  auto nested_arrays = std::string(30000, '[') + std::string(30000, ']');
  auto nested_objects
    = repeat(R"({"a":)", 10000) + "1" + std::string(10000, '}');
  for (auto& deep : {nested_arrays, nested_objects}) {
    // As an ignored extra field: either accepted or bad_request.
    auto text = R"({"id":"d-1","type":"ping","x":)" + deep + "}";
    REQUIRE(text.size() <= 65536);
    auto result = decode_request(text, limits{});
    if (auto err = std::get_if<decode_error>(&result))
      CHECK(code_of(*err) == "bad_request");
    else
      body_as<ping_command>(std::get<request>(result));
    // As a parameter that must be a string: bad_request.
    text = R"({"id":"d-2","type":"get_user","username":)" + deep + "}";
    REQUIRE(text.size() <= 65536);
    auto err = rejected(text);
    CHECK(code_of(err) == "bad_request");
    // As the whole frame: not an object.
    err = rejected(deep);
    CHECK(code_of(err) == "bad_request");
    CHECK_FALSE(err.id.has_value());
  }
}

TEST_CASE("decoder survives unbalanced deep nesting") {
  auto err
    = rejected(R"({"id":"d-3","type":"ping","x":)" + std::string(60000, '['));
  CHECK(code_of(err) == "bad_request");
  CHECK_FALSE(err.id.has_value());
}

TEST_CASE("decoder answers bad_request for invalid UTF-8 inside a JSON "
          "string") {
  const std::string bad_sequences[] = {
    "\xFF",             // never valid
    "\x80",             // lone continuation byte
    "\xC3",             // truncated 2-byte sequence
    "\xE2\x82",         // truncated 3-byte sequence
    "\xC0\xAF",         // overlong '/'
    "\xED\xA0\x80",     // UTF-16 surrogate encoded in UTF-8
    "\xF4\x90\x80\x80", // above U+10FFFF
  };
  for (auto& bad : bad_sequences) {
    for (auto text :
         {R"({"id":"a)" + bad + R"(","type":"ping"})",
          R"({"id":"a","type":"ping)" + bad + R"("})",
          R"({"id":"a","type":"ping","x":"y)" + bad + R"("})",
          R"({"id":"a","type":"ping","k)" + bad + R"(":1})",
          R"({"id":"a","type":"get_user","username":"al)" + bad + R"("})"}) {
      auto result = decode_request(text, limits{});
      INFO("frame: " << json(text).dump(-1, ' ', true,
                                        json::error_handler_t::replace));
      REQUIRE(std::holds_alternative<decode_error>(result));
      auto& err = std::get<decode_error>(result);
      CHECK(code_of(err) == "bad_request");
      CHECK_FALSE(err.id.has_value());
    }
  }
}

TEST_CASE("decoder answers bad_request for a lone surrogate escape") {
  for (std::string text :
       {R"({"id":"\ud800","type":"ping"})", R"({"id":"a\udc00","type":"ping"})",
        R"({"id":"a","type":"ping","x":"\ud83d"})"}) {
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
  }
  // A surrogate pair is one valid code point.
  auto req = accepted(R"({"id":"\ud83d\ude00","type":"ping"})");
  CHECK(req.id == grin);
}

TEST_CASE("decoder answers bad_request for raw control characters in a "
          "string") {
  auto err = rejected(std::string{"{\"id\":\"a\nb\",\"type\":\"ping\"}"});
  CHECK(code_of(err) == "bad_request");
  const char with_nul[] = "{\"id\":\"a\0b\",\"type\":\"ping\"}";
  err = rejected(std::string(with_nul, sizeof with_nul - 1));
  CHECK(code_of(err) == "bad_request");
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
    {frame("b-1", "groups"), "unknown_type", true},
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
  for (auto type : {"group_send", "groups", "", "REGISTER", "token "}) {
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
