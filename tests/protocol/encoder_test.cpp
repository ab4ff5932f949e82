// The exact JSON of every reply, push and HTTP body the node writes
// (PROTOCOL.md sections 1 to 6). Output is parsed back, never compared as
// text, so key order and spacing stay free.

#include "protocol/encoder.hpp"

#include <cstdint>
#include <set>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace troupe::protocol;
using json = nlohmann::json;

namespace {

/// Parses `text`, failing the test when it is not valid JSON.
json parse(const std::string& text) {
  INFO("encoded: " << text);
  auto result = json::parse(text, nullptr, false);
  REQUIRE_FALSE(result.is_discarded());
  return result;
}

/// Returns the keys of the JSON object `obj`.
std::set<std::string> keys_of(const json& obj) {
  REQUIRE(obj.is_object());
  std::set<std::string> result;
  for (auto& [key, value] : obj.items())
    result.insert(key);
  return result;
}

using keys = std::set<std::string>;

/// Returns `data` of an ok reply to `id`, after checking the reply's shape.
json ok_data(const std::string& text, const std::string& id) {
  auto reply = parse(text);
  INFO("reply: " << text);
  CHECK(keys_of(reply) == keys{"id", "type", "data"});
  CHECK(reply["id"] == id);
  CHECK(reply["type"] == "ok");
  REQUIRE(reply["data"].is_object());
  return reply["data"];
}

/// A string that needs escaping in JSON and has 2-, 3- and 4-byte UTF-8.
const std::string tricky = "q\"uo\\te\n\r\t\x01 /\xC3\xA9\xE2\x82\xAC"
                           "\xF0\x9F\x98\x80</script>";

profile sample_profile() {
  profile p;
  p[profile_field::nickname] = "Alice";
  p[profile_field::email] = "alice@example.org";
  p[profile_field::phone] = "+49 30 1234567";
  p[profile_field::avatar] = "avatar-17";
  p[profile_field::location] = "Berlin";
  p[profile_field::bio] = "likes \"quotes\"\nand newlines";
  p[profile_field::public_key] = "ssh-ed25519 AAAA";
  return p;
}

} // namespace

// -- close reasons ------------------------------------------------------------

TEST_CASE("close reasons have their wire names") {
  CHECK(to_string(close_reason::replaced) == "replaced");
  CHECK(to_string(close_reason::protocol_error) == "protocol_error");
  CHECK(to_string(close_reason::idle_timeout) == "idle_timeout");
  CHECK(to_string(close_reason::server_shutdown) == "server_shutdown");
  CHECK(to_string(close_reason::logout) == "logout");
}

// -- error replies ------------------------------------------------------------

TEST_CASE("encode_error writes id, type, code and message") {
  auto reply
    = parse(encode_error("c-42", error_code::not_friends, "human text"));
  CHECK(keys_of(reply) == keys{"id", "type", "code", "message"});
  CHECK(reply["id"] == "c-42");
  CHECK(reply["type"] == "error");
  CHECK(reply["code"] == "not_friends");
  CHECK(reply["message"] == "human text");
}

TEST_CASE("encode_error writes a null id when there is none") {
  auto reply = parse(
    encode_error(std::nullopt, error_code::bad_request, "not valid JSON"));
  CHECK(keys_of(reply) == keys{"id", "type", "code", "message"});
  CHECK(reply["id"].is_null());
  CHECK(reply["type"] == "error");
  CHECK(reply["code"] == "bad_request");
  CHECK(reply["message"] == "not valid JSON");
}

TEST_CASE("encode_error uses the default message when message is empty") {
  for (auto code : {error_code::bad_request, error_code::auth_failed,
                    error_code::too_long, error_code::internal}) {
    INFO(to_string(code));
    auto reply = parse(encode_error(std::string{"r1"}, code));
    CHECK(reply["code"] == std::string{to_string(code)});
    REQUIRE(reply["message"].is_string());
    CHECK_FALSE(reply["message"].get<std::string>().empty());
    CHECK(reply["message"] == std::string{default_message(code)});
    auto explicit_empty = parse(encode_error(std::string{"r1"}, code, ""));
    CHECK(explicit_empty["message"] == std::string{default_message(code)});
  }
}

TEST_CASE("encode_error writes the wire name of every code") {
  for (auto name : {"unknown_type", "not_authenticated", "invalid_username",
                    "weak_password", "username_taken", "no_such_user",
                    "rate_limited", "unavailable"}) {
    INFO(name);
    auto code = error_code_from_string(name);
    REQUIRE(code.has_value());
    CHECK(parse(encode_error(std::nullopt, *code))["code"] == name);
  }
}

TEST_CASE("encode_error keeps an id and message that need escaping") {
  auto reply = parse(encode_error(tricky, error_code::internal, tricky));
  CHECK(reply["id"] == tricky);
  CHECK(reply["message"] == tricky);
}

// -- ok replies ---------------------------------------------------------------

TEST_CASE("encode_ok_empty writes an empty data object") {
  auto data = ok_data(encode_ok_empty("c-1"), "c-1");
  CHECK(data.empty());
}

TEST_CASE("encode_registered writes data {user_id}") {
  auto data = ok_data(encode_registered("r", 17), "r");
  CHECK(keys_of(data) == keys{"user_id"});
  CHECK(data["user_id"].is_number_integer());
  CHECK(data["user_id"].get<std::int64_t>() == 17);
}

TEST_CASE("encode_registered keeps the largest id exactly") {
  auto data = ok_data(encode_registered("r", max_id), "r");
  CHECK(data["user_id"].get<std::int64_t>() == max_id);
}

TEST_CASE("encode_logged_in writes data {user_id, username}") {
  auto data = ok_data(encode_logged_in("l-1", 5, "alice"), "l-1");
  CHECK(keys_of(data) == keys{"user_id", "username"});
  CHECK(data["user_id"].get<std::int64_t>() == 5);
  CHECK(data["username"] == "alice");
}

TEST_CASE("encode_pong writes data {time} in milliseconds") {
  auto data = ok_data(encode_pong("p", 1704067200123), "p");
  CHECK(keys_of(data) == keys{"time"});
  CHECK(data["time"].is_number_integer());
  CHECK(data["time"].get<std::int64_t>() == 1704067200123);
}

TEST_CASE("encode_token writes data {token, expires_in}") {
  auto data = ok_data(encode_token("t", "abc.def", 120), "t");
  CHECK(keys_of(data) == keys{"token", "expires_in"});
  CHECK(data["token"] == "abc.def");
  CHECK(data["expires_in"].is_number_integer());
  CHECK(data["expires_in"].get<std::int64_t>() == 120);
}

TEST_CASE("encode_user writes the public profile without the phone") {
  auto p = sample_profile();
  auto data = ok_data(encode_user("u", 9, "alice", p, false), "u");
  CHECK(keys_of(data)
        == keys{"user_id", "username", "nickname", "email", "avatar",
                "location", "bio", "public_key"});
  CHECK(data["user_id"].get<std::int64_t>() == 9);
  CHECK(data["username"] == "alice");
  CHECK(data["nickname"] == "Alice");
  CHECK(data["email"] == "alice@example.org");
  CHECK(data["avatar"] == "avatar-17");
  CHECK(data["location"] == "Berlin");
  CHECK(data["bio"] == "likes \"quotes\"\nand newlines");
  CHECK(data["public_key"] == "ssh-ed25519 AAAA");
}

TEST_CASE("encode_user writes the phone only when asked for oneself") {
  auto p = sample_profile();
  auto data = ok_data(encode_user("u", 9, "alice", p, true), "u");
  CHECK(keys_of(data)
        == keys{"user_id", "username", "nickname", "email", "phone", "avatar",
                "location", "bio", "public_key"});
  CHECK(data["phone"] == "+49 30 1234567");
  CHECK(data["nickname"] == "Alice");
}

TEST_CASE("encode_user writes empty strings for fields never set") {
  auto data = ok_data(encode_user("u", 3, "bob", profile{}, false), "u");
  CHECK(data["username"] == "bob");
  for (auto name :
       {"nickname", "email", "avatar", "location", "bio", "public_key"}) {
    INFO(name);
    REQUIRE(data.contains(name));
    CHECK(data[name] == "");
  }
  CHECK_FALSE(data.contains("phone"));
}

// -- pushes -------------------------------------------------------------------

TEST_CASE("encode_welcome writes {type, user_id, username}") {
  auto push = parse(encode_welcome(12, "carol"));
  CHECK(keys_of(push) == keys{"type", "user_id", "username"});
  CHECK(push["type"] == "welcome");
  CHECK(push["user_id"].get<std::int64_t>() == 12);
  CHECK(push["username"] == "carol");
}

TEST_CASE("encode_closing writes {type, reason} for every reason") {
  struct {
    close_reason reason;
    const char* name;
  } cases[] = {{close_reason::replaced, "replaced"},
               {close_reason::protocol_error, "protocol_error"},
               {close_reason::idle_timeout, "idle_timeout"},
               {close_reason::server_shutdown, "server_shutdown"},
               {close_reason::logout, "logout"}};
  for (auto& [reason, name] : cases) {
    INFO(name);
    auto push = parse(encode_closing(reason));
    CHECK(keys_of(push) == keys{"type", "reason"});
    CHECK(push["type"] == "closing");
    CHECK(push["reason"] == name);
  }
}

// -- HTTP bodies --------------------------------------------------------------

TEST_CASE("encode_http_error writes {code, message}") {
  auto body = parse(encode_http_error(error_code::username_taken, "taken!"));
  CHECK(keys_of(body) == keys{"code", "message"});
  CHECK(body["code"] == "username_taken");
  CHECK(body["message"] == "taken!");
}

TEST_CASE("encode_http_error uses the default message when message is "
          "empty") {
  auto body = parse(encode_http_error(error_code::rate_limited));
  CHECK(body["code"] == "rate_limited");
  CHECK(body["message"]
        == std::string{default_message(error_code::rate_limited)});
  CHECK_FALSE(body["message"].get<std::string>().empty());
}

TEST_CASE("encode_http_registered writes {user_id}") {
  auto body = parse(encode_http_registered(77));
  CHECK(keys_of(body) == keys{"user_id"});
  CHECK(body["user_id"].get<std::int64_t>() == 77);
}

TEST_CASE("encode_http_token writes {token, expires_in}") {
  auto body = parse(encode_http_token("abc.def", 120));
  CHECK(keys_of(body) == keys{"token", "expires_in"});
  CHECK(body["token"] == "abc.def");
  CHECK(body["expires_in"].get<std::int64_t>() == 120);
}

// -- escaping -----------------------------------------------------------------

TEST_CASE("encoder output stays valid JSON for quotes, newlines and "
          "unicode") {
  CHECK(ok_data(encode_ok_empty(tricky), tricky).empty());
  CHECK(ok_data(encode_logged_in(tricky, 1, tricky), tricky)["username"]
        == tricky);
  CHECK(ok_data(encode_token(tricky, tricky, 1), tricky)["token"] == tricky);
  profile p;
  p[profile_field::bio] = tricky;
  p[profile_field::phone] = tricky;
  auto data = ok_data(encode_user(tricky, 1, tricky, p, true), tricky);
  CHECK(data["bio"] == tricky);
  CHECK(data["phone"] == tricky);
  CHECK(parse(encode_welcome(1, tricky))["username"] == tricky);
  CHECK(parse(encode_http_error(error_code::internal, tricky))["message"]
        == tricky);
  CHECK(parse(encode_http_token(tricky, 1))["token"] == tricky);
}

TEST_CASE("encoder never throws on invalid UTF-8 and still writes JSON") {
  auto bad = std::string{"ab\xFF\xC3("};
  std::string text;
  CHECK_NOTHROW(text = encode_error(bad, error_code::internal, bad));
  auto reply = parse(text);
  CHECK(reply["code"] == "internal");
  REQUIRE(reply["message"].is_string());
  CHECK(reply["message"].get<std::string>().rfind("ab", 0) == 0);
  CHECK_NOTHROW(text = encode_welcome(1, bad));
  CHECK(parse(text)["type"] == "welcome");
}
