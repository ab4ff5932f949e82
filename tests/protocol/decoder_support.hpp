#pragma once

// What the decoder tests share: frames to decode, the checks that decode
// them, and awkward strings and values to put in them.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "protocol/decoder.hpp"

namespace troupe::test {

// -- awkward input ------------------------------------------------------------

// One code point each, of 2, 3 and 4 bytes in UTF-8.
inline const std::string e_acute = "\xC3\xA9";      // U+00E9
inline const std::string euro = "\xE2\x82\xAC";     // U+20AC
inline const std::string grin = "\xF0\x9F\x98\x80"; // U+1F600

inline std::string repeat(const std::string& unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i)
    out += unit;
  return out;
}

/// Returns JSON values of every type but string.
inline const std::vector<nlohmann::json>& non_strings() {
  using json = nlohmann::json;
  static const std::vector<json> values{json(42),       json(1.5),
                                        json(nullptr),  json(true),
                                        json::array(),  json::array({"alice"}),
                                        json::object(), json{{"alice", "x"}}};
  return values;
}

// -- failure messages ---------------------------------------------------------

/// Returns the start of `frame`, short enough for a failure message.
inline std::string shorten(const std::string& frame) {
  return frame.size() <= 160 ? frame
                             : frame.substr(0, 160) + "... ("
                                 + std::to_string(frame.size()) + " bytes)";
}

/// Returns the wire name of `err.code`, so failures print names.
inline std::string code_of(const protocol::decode_error& err) {
  return std::string{protocol::to_string(err.code)};
}

// -- frames and bodies --------------------------------------------------------

/// Returns `obj` as a frame with `id` and `type` set.
inline std::string frame(const std::string& id, const std::string& type,
                         nlohmann::json obj = nlohmann::json::object()) {
  obj["id"] = id;
  obj["type"] = type;
  return obj.dump();
}

inline nlohmann::json registration(const std::string& username,
                                   const std::string& password) {
  return nlohmann::json{{"username", username}, {"password", password}};
}

inline nlohmann::json send_params(const std::string& kind,
                                  nlohmann::json body) {
  return nlohmann::json{
    {"to", "bob"}, {"kind", kind}, {"body", std::move(body)}};
}

// -- decoding frames ----------------------------------------------------------

/// Decodes `text`, failing the test when it does not yield a request.
inline protocol::request accepted(const std::string& text,
                                  const protocol::limits& lim = {}) {
  INFO("frame: " << shorten(text));
  auto result = protocol::decode_request(text, lim);
  if (auto err = std::get_if<protocol::decode_error>(&result)) {
    INFO("error: " << code_of(*err) << " (" << err->message << ")");
    REQUIRE(std::holds_alternative<protocol::request>(result));
  }
  return std::get<protocol::request>(std::move(result));
}

/// Decodes `text`, failing the test when it yields a request.
inline protocol::decode_error rejected(const std::string& text,
                                       const protocol::limits& lim = {}) {
  INFO("frame: " << shorten(text));
  auto result = protocol::decode_request(text, lim);
  REQUIRE(std::holds_alternative<protocol::decode_error>(result));
  auto err = std::get<protocol::decode_error>(std::move(result));
  // Every error explains itself to the client.
  CHECK_FALSE(err.message.empty());
  return err;
}

/// Returns the command of type `T` in `req`, failing the test without one.
template <class T>
T body_as(const protocol::request& req) {
  auto ptr = std::get_if<T>(&req.body);
  REQUIRE(ptr != nullptr);
  return *ptr;
}

// -- decoding HTTP bodies -----------------------------------------------------

/// Returns the command of type `T` decoded from an HTTP body.
template <class T>
T command_as(std::string_view type, const std::string& body,
             const protocol::limits& lim = {}) {
  INFO("type: " << std::string{type} << ", body: " << shorten(body));
  auto result = protocol::decode_command(type, body, lim);
  if (auto err = std::get_if<protocol::decode_error>(&result)) {
    INFO("error: " << code_of(*err) << " (" << err->message << ")");
    REQUIRE(std::holds_alternative<protocol::command>(result));
  }
  auto ptr = std::get_if<T>(&std::get<protocol::command>(result));
  REQUIRE(ptr != nullptr);
  return *ptr;
}

/// Returns the error that decoding an HTTP body yields.
inline protocol::decode_error command_error(std::string_view type,
                                            const std::string& body,
                                            const protocol::limits& lim = {}) {
  INFO("type: " << std::string{type} << ", body: " << shorten(body));
  auto result = protocol::decode_command(type, body, lim);
  REQUIRE(std::holds_alternative<protocol::decode_error>(result));
  return std::get<protocol::decode_error>(std::move(result));
}

} // namespace troupe::test
