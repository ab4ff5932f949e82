#include "protocol/encoder.hpp"

#include <array>

#include <nlohmann/json.hpp>

namespace troupe::protocol {

namespace {

using json = nlohmann::json;

/// Serialises `value`; invalid UTF-8 (which no caller should pass) is
/// replaced rather than thrown on, so encoding never fails.
std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string ok_reply(std::string_view id, json data) {
  return dump({{"id", id}, {"type", "ok"}, {"data", std::move(data)}});
}

std::string_view message_or_default(error_code code, std::string_view msg) {
  return msg.empty() ? default_message(code) : msg;
}

} // namespace

std::string_view to_string(close_reason reason) {
  static constexpr std::array<std::string_view, 5> names{
    "replaced", "protocol_error", "idle_timeout", "server_shutdown", "logout"};
  return names[static_cast<std::size_t>(reason) - 1];
}

std::string encode_error(const std::optional<std::string>& id, error_code code,
                         std::string_view message) {
  json out{{"id", nullptr},
           {"type", "error"},
           {"code", to_string(code)},
           {"message", message_or_default(code, message)}};
  if (id)
    out["id"] = *id;
  return dump(out);
}

std::string encode_ok_empty(std::string_view id) {
  return ok_reply(id, json::object());
}

std::string encode_registered(std::string_view id, user_id uid) {
  return ok_reply(id, {{"user_id", uid}});
}

std::string encode_logged_in(std::string_view id, user_id uid,
                             std::string_view username) {
  return ok_reply(id, {{"user_id", uid}, {"username", username}});
}

std::string encode_pong(std::string_view id, std::int64_t now_ms) {
  return ok_reply(id, {{"time", now_ms}});
}

std::string encode_token(std::string_view id, std::string_view token,
                         std::int64_t expires_in_s) {
  return ok_reply(id, {{"token", token}, {"expires_in", expires_in_s}});
}

std::string encode_user(std::string_view id, user_id uid,
                        std::string_view username, const profile& p,
                        bool include_private) {
  json data{{"user_id", uid}, {"username", username}};
  for_each_profile_field([&](profile_field f) {
    if (include_private || !is_private(f))
      data[std::string{to_string(f)}] = p[f];
  });
  return ok_reply(id, std::move(data));
}

std::string encode_welcome(user_id uid, std::string_view username) {
  return dump({{"type", "welcome"}, {"user_id", uid}, {"username", username}});
}

std::string encode_closing(close_reason reason) {
  return dump({{"type", "closing"}, {"reason", to_string(reason)}});
}

std::string encode_http_error(error_code code, std::string_view message) {
  return dump({{"code", to_string(code)},
              {"message", message_or_default(code, message)}});
}

std::string encode_http_registered(user_id uid) {
  return dump({{"user_id", uid}});
}

std::string encode_http_token(std::string_view token,
                              std::int64_t expires_in_s) {
  return dump({{"token", token}, {"expires_in", expires_in_s}});
}

} // namespace troupe::protocol
