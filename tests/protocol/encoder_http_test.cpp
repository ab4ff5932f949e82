// The exact JSON of every HTTP body the node writes (PROTOCOL.md section
// 6). Output is parsed back, never compared as text, so key order and
// spacing stay free.

#include "protocol/encoder.hpp"

#include <cstdint>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/protocol/encoder_support.hpp"

using namespace troupe::protocol;
using json = nlohmann::json;
using troupe::test::keys;
using troupe::test::keys_of;
using troupe::test::parse;

// -- HTTP bodies --------------------------------------------------------------

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
