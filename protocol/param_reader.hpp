#pragma once

// The decoder's reader of request parameters. Internal to protocol/.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "protocol/decoder.hpp"
#include "protocol/ids.hpp"
#include "protocol/limits.hpp"
#include "protocol/profile.hpp"
#include "protocol/text.hpp"

namespace troupe::protocol {

/// Reads typed parameters out of a request object. The first fault wins and
/// later reads become no-ops, so a parser reads straight through and checks
/// `failed()` once.
class param_reader {
 public:
  using json = nlohmann::json;

  param_reader(const json& obj, const limits& lim) : obj_(obj), limits_(lim) {
    // nop
  }

  bool failed() const { return error_.has_value(); }

  decode_error take_error() { return std::move(*error_); }

  void fail(error_code code, std::string message) {
    if (!error_)
      error_ = decode_error{std::nullopt, code, std::move(message)};
  }

  /// Returns the string field `key`; a missing or non-string field fails.
  std::string required_string(const char* key) {
    if (failed())
      return {};
    auto i = obj_.find(key);
    if (i == obj_.end()) {
      fail(error_code::bad_request, std::string{"missing field '"} + key + "'");
      return {};
    }
    return as_string(*i, key);
  }

  /// Returns the string field `key` if present; a non-string field fails.
  std::optional<std::string> optional_string(const char* key) {
    if (failed())
      return std::nullopt;
    auto i = obj_.find(key);
    if (i == obj_.end())
      return std::nullopt;
    return as_string(*i, key);
  }

  /// Returns the field `key` as a positive integer (an id).
  std::int64_t required_id(const char* key) {
    if (failed())
      return 0;
    auto i = obj_.find(key);
    if (i == obj_.end()) {
      fail(error_code::bad_request, std::string{"missing field '"} + key + "'");
      return 0;
    }
    return as_id(*i, key);
  }

  /// Returns the field `key` as a positive integer if present.
  std::optional<std::int64_t> optional_id(const char* key) {
    if (failed())
      return std::nullopt;
    auto i = obj_.find(key);
    if (i == obj_.end())
      return std::nullopt;
    return as_id(*i, key);
  }

  /// Returns the field `key` as an integer in [lo, hi], or `fallback` when
  /// absent.
  std::int64_t integer_in(const char* key, std::int64_t lo, std::int64_t hi,
                          std::int64_t fallback) {
    if (failed())
      return fallback;
    auto i = obj_.find(key);
    if (i == obj_.end())
      return fallback;
    if (!i->is_number_integer() || i->get<std::int64_t>() < lo
        || i->get<std::int64_t>() > hi) {
      fail(error_code::bad_request,
           std::string{"field '"} + key + "' must be an integer from "
             + std::to_string(lo) + " to " + std::to_string(hi));
      return fallback;
    }
    return i->get<std::int64_t>();
  }

  /// Returns whether the field `key` is present and a number.
  bool is_number(const char* key) const {
    auto i = obj_.find(key);
    return i != obj_.end() && i->is_number();
  }

  bool required_bool(const char* key) {
    if (failed())
      return false;
    auto i = obj_.find(key);
    if (i == obj_.end() || !i->is_boolean()) {
      fail(error_code::bad_request,
           std::string{"field '"} + key + "' must be true or false");
      return false;
    }
    return i->get<bool>();
  }

  /// Returns the number `key` if it lies in [lo, hi].
  double number_in(const char* key, double lo, double hi) {
    if (failed())
      return 0;
    auto i = obj_.find(key);
    if (i == obj_.end() || !i->is_number()) {
      fail(error_code::bad_request,
           std::string{"field '"} + key + "' must be a number");
      return 0;
    }
    auto value = i->get<double>();
    if (!(value >= lo && value <= hi))
      fail(error_code::bad_request,
           std::string{"field '"} + key + "' is out of range");
    return value;
  }

  /// Fails with `code` (what the command answers for a user that does not
  /// exist) if `name` cannot be a username: no query, no statement and no
  /// log line ever sees a name no account can have, whatever its size.
  void name_a_user(const std::string& name, error_code code) {
    if (!failed() && !is_valid_username(name))
      fail(code, std::string{default_message(code)});
  }

  /// Fails with `too_long` if `text` has more than `max` code points.
  void check_length(const std::string& text, std::size_t max, const char* key) {
    if (!failed() && count_code_points(text) > max)
      fail(error_code::too_long, std::string{"field '"} + key
                                   + "' is longer than " + std::to_string(max)
                                   + " characters");
  }

  const limits& lim() const { return limits_; }

  /// Reads every profile field present into an update, checking lengths.
  profile_update profile() {
    profile_update result;
    for_each_profile_field([&](profile_field f) {
      auto name = std::string{to_string(f)};
      auto value = optional_string(name.c_str());
      if (value)
        check_length(*value, limits_.max_profile_chars, name.c_str());
      result[f] = std::move(value);
    });
    return result;
  }

 private:
  std::int64_t as_id(const json& value, const char* key) {
    if (!value.is_number_integer() || value.get<std::int64_t>() <= 0
        || value.get<std::int64_t>() > max_id) {
      fail(error_code::bad_request,
           std::string{"field '"} + key + "' must be a positive integer id");
      return 0;
    }
    return value.get<std::int64_t>();
  }

  std::string as_string(const json& value, const char* key) {
    if (!value.is_string()) {
      fail(error_code::bad_request,
           std::string{"field '"} + key + "' must be a string");
      return {};
    }
    return value.get<std::string>();
  }

  const json& obj_;
  const limits& limits_;
  std::optional<decode_error> error_;
};

/// Parses `text` into a JSON object, or explains why it is none.
inline std::variant<nlohmann::json, decode_error>
parse_object(std::string_view text) {
  auto refuse = [](std::string why) {
    return decode_error{std::nullopt, error_code::bad_request, std::move(why)};
  };
  // JSON never holds a raw NUL, and the parser would stop reading there.
  if (text.find('\0') != std::string_view::npos)
    return refuse("not valid JSON");
  auto value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_discarded())
    return refuse("not valid JSON");
  if (!value.is_object())
    return refuse("not a JSON object");
  return value;
}

} // namespace troupe::protocol
