// Decoding hostile frames: deep nesting, invalid UTF-8, lone surrogates and
// raw control characters (PROTOCOL.md sections 1 and 2).

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
using troupe::test::frame;
using troupe::test::grin;
using troupe::test::rejected;
using troupe::test::repeat;

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

TEST_CASE("decoder repeats at most 32 characters of an unknown type: no error "
          "is much larger than its request") {
  for (auto type : {repeat("x", 60000), repeat(grin, 15000)}) {
    auto err = rejected(frame("d-9", type, {}));
    CHECK(code_of(err) == "unknown_type");
    CHECK(err.message.size() < 200);
  }
  // A short one is named in full.
  auto err = rejected(frame("d-10", "sned", {}));
  CHECK(err.message.find("'sned'") != std::string::npos);
}

TEST_CASE("decoder answers a name no account can have as the command answers "
          "an unknown user, before any storage sees it") {
  auto huge = repeat("n", 60000);
  struct expectation {
    std::string type;
    json params;
    std::string code;
  };
  for (auto& e : std::vector<expectation>{
         {"send",
          {{"to", huge}, {"kind", "text"}, {"body", "x"}},
          "no_such_user"},
         {"send",
          {{"to", "Bob"}, {"kind", "text"}, {"body", "x"}},
          "no_such_user"},
         {"get_user", {{"username", huge}}, "no_such_user"},
         {"friend_request", {{"username", huge}}, "no_such_user"},
         {"friend_remove", {{"username", huge}}, "not_friends"},
         {"presence", {{"username", huge}}, "not_friends"},
         {"history", {{"with", huge}}, "not_friends"},
       }) {
    INFO(e.type);
    auto err = rejected(frame("n-1", e.type, e.params));
    CHECK(code_of(err) == e.code);
    CHECK(err.message.size() < 100);
  }
  // The content's own errors come first, as they always did.
  auto err = rejected(
    frame("n-2", "send",
          {{"to", huge}, {"kind", "text"}, {"body", repeat("x", 1024)}}));
  CHECK(code_of(err) == "too_long");
}
