// The exact JSON of every push the node writes, and the close reasons
// (PROTOCOL.md sections 1, 4 and 5). Output is parsed back, never compared
// as text, so key order and spacing stay free.

#include "protocol/encoder.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/protocol/encoder_support.hpp"

using namespace troupe::protocol;
using json = nlohmann::json;
using troupe::test::check_message;
using troupe::test::group_message;
using troupe::test::keys;
using troupe::test::keys_of;
using troupe::test::parse;
using troupe::test::private_message;

// -- close reasons ------------------------------------------------------------

TEST_CASE("close reasons have their wire names") {
  CHECK(to_string(close_reason::replaced) == "replaced");
  CHECK(to_string(close_reason::protocol_error) == "protocol_error");
  CHECK(to_string(close_reason::idle_timeout) == "idle_timeout");
  CHECK(to_string(close_reason::server_shutdown) == "server_shutdown");
  CHECK(to_string(close_reason::logout) == "logout");
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
