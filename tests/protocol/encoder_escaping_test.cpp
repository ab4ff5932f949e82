// Encoder output stays valid JSON whatever the strings in it hold: quotes,
// control characters, multi-byte UTF-8 and invalid UTF-8.

#include "protocol/encoder.hpp"

#include <optional>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/protocol/encoder_support.hpp"

using namespace troupe::protocol;
using json = nlohmann::json;
using troupe::test::ok_data;
using troupe::test::parse;
using troupe::test::private_message;
using troupe::test::tricky;

// -- escaping -----------------------------------------------------------------

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
  data = ok_data(encode_friends("f", {f}, false), "f");
  CHECK(data["friends"][0]["nickname"] == tricky);
  data
    = ok_data(encode_friend_requests("r", {{1, tricky, tricky, 2}}, {}), "r");
  CHECK(data["incoming"][0]["note"] == tricky);
}

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
