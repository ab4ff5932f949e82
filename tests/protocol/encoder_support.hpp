#pragma once

// What the encoder tests share: parsing output back, checking the shape of
// replies and messages, and sample values to encode.

#include <cstdint>
#include <set>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "protocol/encoder.hpp"

namespace troupe::test {

// -- reading output back ------------------------------------------------------

/// Parses `text`, failing the test when it is not valid JSON.
inline nlohmann::json parse(const std::string& text) {
  INFO("encoded: " << text);
  auto result = nlohmann::json::parse(text, nullptr, false);
  REQUIRE_FALSE(result.is_discarded());
  return result;
}

/// Returns the keys of the JSON object `obj`.
inline std::set<std::string> keys_of(const nlohmann::json& obj) {
  REQUIRE(obj.is_object());
  std::set<std::string> result;
  for (auto& [key, value] : obj.items())
    result.insert(key);
  return result;
}

using keys = std::set<std::string>;

/// Returns `data` of an ok reply to `id`, after checking the reply's shape.
inline nlohmann::json ok_data(const std::string& text, const std::string& id) {
  auto reply = parse(text);
  INFO("reply: " << text);
  CHECK(keys_of(reply) == keys{"id", "type", "data"});
  CHECK(reply["id"] == id);
  CHECK(reply["type"] == "ok");
  REQUIRE(reply["data"].is_object());
  return reply["data"];
}

// -- sample values ------------------------------------------------------------

/// A string that needs escaping in JSON and has 2-, 3- and 4-byte UTF-8.
inline const std::string tricky = "q\"uo\\te\n\r\t\x01 /\xC3\xA9\xE2\x82\xAC"
                                  "\xF0\x9F\x98\x80</script>";

inline protocol::message_view private_message() {
  protocol::message_view m;
  m.msg_id = 101;
  m.from = "alice";
  m.to = "bob";
  m.kind = protocol::message_kind::text;
  m.body = "hello bob";
  m.ts = 1704067200001;
  return m;
}

inline protocol::message_view group_message() {
  protocol::message_view m;
  m.msg_id = 102;
  m.from = "carol";
  m.group_id = 8;
  m.kind = protocol::message_kind::image;
  m.body = "555";
  m.ts = 1704067200002;
  return m;
}

// -- messages -----------------------------------------------------------------

/// Checks that `out` is the message `m` as pushes and history show it.
inline void check_message(nlohmann::json out, const protocol::message_view& m) {
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
  CHECK(out["kind"] == std::string{protocol::to_string(m.kind)});
  CHECK(out["body"] == m.body);
  CHECK(out["ts"].is_number_integer());
  CHECK(out["ts"].get<std::int64_t>() == m.ts);
}

} // namespace troupe::test
