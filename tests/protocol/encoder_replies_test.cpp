// The exact JSON of every reply the node writes, error and ok (PROTOCOL.md
// sections 2 and 3). Output is parsed back, never compared as text, so key
// order and spacing stay free.

#include "protocol/encoder.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/protocol/encoder_support.hpp"

using namespace troupe::protocol;
using json = nlohmann::json;
using troupe::test::check_message;
using troupe::test::group_message;
using troupe::test::keys;
using troupe::test::keys_of;
using troupe::test::ok_data;
using troupe::test::parse;
using troupe::test::private_message;
using troupe::test::tricky;

namespace {

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

TEST_CASE("encode_friends writes an empty list, and whether more follow") {
  auto data = ok_data(encode_friends("fl", {}, false), "fl");
  CHECK(keys_of(data) == keys{"friends", "more"});
  CHECK(data["friends"].is_array());
  CHECK(data["friends"].empty());
  CHECK(data["more"] == false);
  CHECK(ok_data(encode_friends("fl", {}, true), "fl")["more"] == true);
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
  auto data = ok_data(encode_friends("fl", friends, false), "fl");
  CHECK(keys_of(data) == keys{"friends", "more"});
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
