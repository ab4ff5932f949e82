// Decoding client frames and HTTP bodies into validated commands
// (PROTOCOL.md sections 1 to 3). Frames are built with nlohmann::json where
// they are valid JSON and spelled out by hand where they are not.

#include "protocol/decoder.hpp"

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
