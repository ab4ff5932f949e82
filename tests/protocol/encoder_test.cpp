// The exact JSON of every reply, push and HTTP body the node writes
// (PROTOCOL.md sections 1 to 6). Output is parsed back, never compared as
// text, so key order and spacing stay free.

#include "protocol/encoder.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

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

// -- friend and message replies -----------------------------------------------

TEST_CASE("encode_sent writes data {msg_id, ts}") {
  auto data = ok_data(encode_sent("s-1", 4711, 1704067200123), "s-1");
  CHECK(keys_of(data) == keys{"msg_id", "ts"});
  CHECK(data["msg_id"].is_number_integer());
  CHECK(data["msg_id"].get<std::int64_t>() == 4711);
  CHECK(data["ts"].is_number_integer());
  CHECK(data["ts"].get<std::int64_t>() == 1704067200123);
  data = ok_data(encode_sent("s-2", max_id, max_id), "s-2");
  CHECK(data["msg_id"].get<std::int64_t>() == max_id);
}

TEST_CASE("encode_friend_requested writes accepted only when true") {
  auto data = ok_data(encode_friend_requested("f-1", 31, false), "f-1");
  CHECK(keys_of(data) == keys{"request_id"});
  CHECK(data["request_id"].is_number_integer());
  CHECK(data["request_id"].get<std::int64_t>() == 31);
  data = ok_data(encode_friend_requested("f-2", 32, true), "f-2");
  CHECK(keys_of(data) == keys{"request_id", "accepted"});
  CHECK(data["request_id"].get<std::int64_t>() == 32);
  CHECK(data["accepted"].is_boolean());
  CHECK(data["accepted"] == true);
}

TEST_CASE("encode_friends writes an empty list") {
  auto data = ok_data(encode_friends("fl", {}), "fl");
  CHECK(keys_of(data) == keys{"friends"});
  CHECK(data["friends"].is_array());
  CHECK(data["friends"].empty());
}

TEST_CASE("encode_friends writes every field in the given order, ip and "
          "port only where set") {
  std::vector<friend_view> friends(3);
  friends[0].uid = 12;
  friends[0].username = "zed";
  friends[0].nickname = "Zed Z";
  friends[0].online = true;
  friends[0].last_message_at = 1704067200999;
  friends[0].ip = "203.0.113.7";
  friends[0].port = 65535;
  friends[1].uid = 3;
  friends[1].username = "amy";
  friends[1].nickname = "";
  friends[1].online = false;
  friends[1].last_message_at = 0;
  friends[2].uid = 7;
  friends[2].username = "bob";
  friends[2].nickname = "Bobby";
  friends[2].online = true;
  friends[2].last_message_at = 5;
  friends[2].ip = "2001:db8::1";
  auto data = ok_data(encode_friends("fl", friends), "fl");
  CHECK(keys_of(data) == keys{"friends"});
  auto& list = data["friends"];
  REQUIRE(list.is_array());
  REQUIRE(list.size() == 3);

  auto& zed = list[0];
  CHECK(keys_of(zed)
        == keys{"user_id", "username", "nickname", "online", "last_message_at",
                "ip", "port"});
  CHECK(zed["user_id"].get<std::int64_t>() == 12);
  CHECK(zed["username"] == "zed");
  CHECK(zed["nickname"] == "Zed Z");
  CHECK(zed["online"].is_boolean());
  CHECK(zed["online"] == true);
  CHECK(zed["last_message_at"].is_number_integer());
  CHECK(zed["last_message_at"].get<std::int64_t>() == 1704067200999);
  CHECK(zed["ip"] == "203.0.113.7");
  CHECK(zed["port"].is_number_integer());
  CHECK(zed["port"].get<std::int64_t>() == 65535);

  auto& amy = list[1];
  CHECK(
    keys_of(amy)
    == keys{"user_id", "username", "nickname", "online", "last_message_at"});
  CHECK(amy["user_id"].get<std::int64_t>() == 3);
  CHECK(amy["username"] == "amy");
  CHECK(amy["nickname"] == "");
  CHECK(amy["online"] == false);
  CHECK(amy["last_message_at"].get<std::int64_t>() == 0);

  auto& bob = list[2];
  CHECK(keys_of(bob)
        == keys{"user_id", "username", "nickname", "online", "last_message_at",
                "ip"});
  CHECK(bob["user_id"].get<std::int64_t>() == 7);
  CHECK(bob["username"] == "bob");
  CHECK(bob["ip"] == "2001:db8::1");
}

TEST_CASE("encode_friend_requests writes incoming and outgoing lists") {
  std::vector<friend_request_view> incoming{
    {41, "carol", "hi, it's carol", 1000}, {40, "dave", "", 900}};
  std::vector<friend_request_view> outgoing{{39, "erin", "remember me?", 800}};
  auto data = ok_data(encode_friend_requests("fr", incoming, outgoing), "fr");
  CHECK(keys_of(data) == keys{"incoming", "outgoing"});
  REQUIRE(data["incoming"].is_array());
  REQUIRE(data["incoming"].size() == 2);
  REQUIRE(data["outgoing"].is_array());
  REQUIRE(data["outgoing"].size() == 1);
  // Copies: operator[] of a const json must not meet a missing key.
  struct {
    json entry;
    const friend_request_view& want;
  } cases[] = {{data["incoming"][0], incoming[0]},
               {data["incoming"][1], incoming[1]},
               {data["outgoing"][0], outgoing[0]}};
  for (auto& [entry, want] : cases) {
    INFO("entry: " << entry.dump());
    CHECK(keys_of(entry) == keys{"request_id", "username", "note", "ts"});
    CHECK(entry["request_id"].is_number_integer());
    CHECK(entry["request_id"].get<std::int64_t>() == want.request_id);
    CHECK(entry["username"] == want.username);
    CHECK(entry["note"] == want.note);
    CHECK(entry["ts"].is_number_integer());
    CHECK(entry["ts"].get<std::int64_t>() == want.ts);
  }
}

TEST_CASE("encode_friend_requests writes empty lists as arrays") {
  auto data = ok_data(encode_friend_requests("fr", {}, {}), "fr");
  CHECK(keys_of(data) == keys{"incoming", "outgoing"});
  CHECK(data["incoming"] == json::array());
  CHECK(data["outgoing"] == json::array());
}

namespace {

message_view private_message() {
  message_view m;
  m.msg_id = 101;
  m.from = "alice";
  m.to = "bob";
  m.kind = message_kind::text;
  m.body = "hello bob";
  m.ts = 1704067200001;
  return m;
}

message_view group_message() {
  message_view m;
  m.msg_id = 102;
  m.from = "carol";
  m.group_id = 8;
  m.kind = message_kind::image;
  m.body = "555";
  m.ts = 1704067200002;
  return m;
}

/// Checks that `out` is the message `m` as pushes and history show it.
void check_message(json out, const message_view& m) {
  INFO("message: " << out.dump());
  if (m.group_id) {
    CHECK(keys_of(out)
          == keys{"type", "id", "msg_id", "from", "group_id", "kind", "body",
                  "ts"});
    CHECK(out["group_id"].is_number_integer());
    CHECK(out["group_id"].get<std::int64_t>() == *m.group_id);
  } else {
    CHECK(keys_of(out)
          == keys{"type", "id", "msg_id", "from", "to", "kind", "body", "ts"});
    CHECK(out["to"] == m.to);
  }
  CHECK(out["type"] == "message");
  CHECK(out["id"].is_number_integer());
  CHECK(out["id"].get<std::int64_t>() == m.msg_id);
  CHECK(out["msg_id"].get<std::int64_t>() == m.msg_id);
  CHECK(out["from"] == m.from);
  CHECK(out["kind"] == std::string{to_string(m.kind)});
  CHECK(out["body"] == m.body);
  CHECK(out["ts"].is_number_integer());
  CHECK(out["ts"].get<std::int64_t>() == m.ts);
}

} // namespace

TEST_CASE("encode_history writes private and group messages oldest "
          "first") {
  auto file = private_message();
  file.msg_id = 103;
  file.from = "bob";
  file.to = "alice";
  file.kind = message_kind::file;
  file.body = "9";
  std::vector<message_view> messages{private_message(), group_message(), file};
  auto data = ok_data(encode_history("h", messages), "h");
  CHECK(keys_of(data) == keys{"messages"});
  auto& list = data["messages"];
  REQUIRE(list.is_array());
  REQUIRE(list.size() == 3);
  for (std::size_t i = 0; i < messages.size(); ++i)
    check_message(list[i], messages[i]);
  // The kind names, spelled out rather than taken from to_string.
  CHECK(list[0]["kind"] == "text");
  CHECK(list[1]["kind"] == "image");
  CHECK(list[2]["kind"] == "file");
  CHECK_FALSE(list[1].contains("to"));
  CHECK_FALSE(list[0].contains("group_id"));
}

TEST_CASE("encode_history writes an empty list") {
  auto data = ok_data(encode_history("h", {}), "h");
  CHECK(keys_of(data) == keys{"messages"});
  CHECK(data["messages"] == json::array());
}

TEST_CASE("encode_presence writes data {online, last_seen, location}") {
  auto data = ok_data(
    encode_presence("p", true, 1704067200500, location{52.52, -13.405}), "p");
  CHECK(keys_of(data) == keys{"online", "last_seen", "location"});
  CHECK(data["online"] == true);
  CHECK(data["last_seen"].is_number_integer());
  CHECK(data["last_seen"].get<std::int64_t>() == 1704067200500);
  REQUIRE(data["location"].is_object());
  CHECK(keys_of(data["location"]) == keys{"lat", "lon"});
  CHECK(data["location"]["lat"].get<double>() == 52.52);
  CHECK(data["location"]["lon"].get<double>() == -13.405);
}

TEST_CASE("encode_presence writes a null location when there is none") {
  auto data = ok_data(encode_presence("p", false, 17, std::nullopt), "p");
  CHECK(keys_of(data) == keys{"online", "last_seen", "location"});
  CHECK(data["online"] == false);
  CHECK(data["last_seen"].get<std::int64_t>() == 17);
  CHECK(data["location"].is_null());
}

TEST_CASE("encode_presence keeps boundary coordinates") {
  auto data = ok_data(encode_presence("p", true, 1, location{-90, 180}), "p");
  CHECK(data["location"]["lat"].get<double>() == -90.0);
  CHECK(data["location"]["lon"].get<double>() == 180.0);
}

// -- friend and message pushes ------------------------------------------------

TEST_CASE("encode_message_push writes a private message with to") {
  auto m = private_message();
  auto push = parse(encode_message_push(m));
  check_message(push, m);
  CHECK(push["to"] == "bob");
  CHECK(push["kind"] == "text");
  CHECK(push["id"].get<std::int64_t>() == 101);
}

TEST_CASE("encode_message_push writes a group message with group_id and "
          "no to") {
  auto m = group_message();
  auto push = parse(encode_message_push(m));
  check_message(push, m);
  CHECK_FALSE(push.contains("to"));
  CHECK(push["group_id"].get<std::int64_t>() == 8);
  CHECK(push["kind"] == "image");
}

TEST_CASE("encode_message_push writes the name of every kind") {
  struct {
    message_kind kind;
    const char* name;
  } cases[] = {{message_kind::text, "text"},
               {message_kind::image, "image"},
               {message_kind::file, "file"}};
  for (auto& [kind, name] : cases) {
    auto m = private_message();
    m.kind = kind;
    CHECK(parse(encode_message_push(m))["kind"] == name);
  }
}

TEST_CASE("encode_friend_request_push writes {type, id, request_id, from, "
          "note, ts}") {
  auto push = parse(encode_friend_request_push(900, 41, "carol", "hi", 77));
  CHECK(keys_of(push)
        == keys{"type", "id", "request_id", "from", "note", "ts"});
  CHECK(push["type"] == "friend_request");
  CHECK(push["id"].is_number_integer());
  CHECK(push["id"].get<std::int64_t>() == 900);
  CHECK(push["request_id"].get<std::int64_t>() == 41);
  CHECK(push["from"] == "carol");
  CHECK(push["note"] == "hi");
  CHECK(push["ts"].get<std::int64_t>() == 77);
  push = parse(encode_friend_request_push(901, 42, "dave", "", 78));
  CHECK(push["note"] == "");
}

TEST_CASE("encode_friend_update_push writes {type, id, username, change, "
          "ts} for every change") {
  struct {
    friend_change change;
    const char* name;
  } cases[] = {{friend_change::accepted, "accepted"},
               {friend_change::rejected, "rejected"},
               {friend_change::removed, "removed"}};
  std::int64_t push_id = 500;
  for (auto& [change, name] : cases) {
    INFO(std::string{name});
    auto push = parse(encode_friend_update_push(push_id, "bob", change, 1234));
    CHECK(keys_of(push) == keys{"type", "id", "username", "change", "ts"});
    CHECK(push["type"] == "friend_update");
    CHECK(push["id"].get<std::int64_t>() == push_id);
    CHECK(push["username"] == "bob");
    CHECK(push["change"] == name);
    CHECK(push["ts"].get<std::int64_t>() == 1234);
    ++push_id;
  }
}

TEST_CASE("encode_presence_push writes {type, username, online, location} "
          "without an id") {
  auto push
    = parse(encode_presence_push("bob", true, location{-33.865, 151.2094}));
  CHECK(keys_of(push) == keys{"type", "username", "online", "location"});
  CHECK(push["type"] == "presence");
  CHECK(push["username"] == "bob");
  CHECK(push["online"] == true);
  REQUIRE(push["location"].is_object());
  CHECK(keys_of(push["location"]) == keys{"lat", "lon"});
  CHECK(push["location"]["lat"].get<double>() == -33.865);
  CHECK(push["location"]["lon"].get<double>() == 151.2094);
  push = parse(encode_presence_push("carol", false, std::nullopt));
  CHECK(keys_of(push) == keys{"type", "username", "online", "location"});
  CHECK(push["username"] == "carol");
  CHECK(push["online"] == false);
  CHECK(push["location"].is_null());
}

TEST_CASE("encode_http_file_stored writes {file_id, size}") {
  auto body = parse(encode_http_file_stored(123, 65536));
  CHECK(keys_of(body) == keys{"file_id", "size"});
  CHECK(body["file_id"].is_number_integer());
  CHECK(body["file_id"].get<std::int64_t>() == 123);
  CHECK(body["size"].is_number_integer());
  CHECK(body["size"].get<std::int64_t>() == 65536);
  body = parse(encode_http_file_stored(max_id, 0));
  CHECK(body["file_id"].get<std::int64_t>() == max_id);
  CHECK(body["size"].get<std::int64_t>() == 0);
}

TEST_CASE("encoder keeps strings that need escaping in friend and message "
          "output") {
  auto m = private_message();
  m.from = tricky;
  m.to = tricky;
  m.body = tricky;
  auto push = parse(encode_message_push(m));
  CHECK(push["from"] == tricky);
  CHECK(push["to"] == tricky);
  CHECK(push["body"] == tricky);
  auto data = ok_data(encode_history(tricky, {m}), tricky);
  CHECK(data["messages"][0]["body"] == tricky);
  push = parse(encode_friend_request_push(1, 2, tricky, tricky, 3));
  CHECK(push["from"] == tricky);
  CHECK(push["note"] == tricky);
  CHECK(parse(encode_friend_update_push(1, tricky, friend_change::removed,
                                        2))["username"]
        == tricky);
  CHECK(parse(encode_presence_push(tricky, true, std::nullopt))["username"]
        == tricky);
  friend_view f;
  f.username = tricky;
  f.nickname = tricky;
  data = ok_data(encode_friends("f", {f}), "f");
  CHECK(data["friends"][0]["nickname"] == tricky);
  data
    = ok_data(encode_friend_requests("r", {{1, tricky, tricky, 2}}, {}), "r");
  CHECK(data["incoming"][0]["note"] == tricky);
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
