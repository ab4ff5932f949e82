#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/error_code.hpp"
#include "protocol/ids.hpp"
#include "protocol/profile.hpp"

namespace troupe::protocol {

/// Why the node closes a session (PROTOCOL.md sections 1 and 5).
enum class close_reason : std::uint8_t {
  replaced = 1,
  protocol_error,
  idle_timeout,
  server_shutdown,
  logout,
};

/// Returns the wire name of `reason`, e.g. "idle_timeout".
std::string_view to_string(close_reason reason);

// -- replies ------------------------------------------------------------------

/// Returns an error reply; `id` is written as `null` when it holds no value,
/// and the default text of `code` is used when `message` is empty.
std::string encode_error(const std::optional<std::string>& id, error_code code,
                         std::string_view message = {});

/// Returns `{"id":..,"type":"ok","data":{}}`.
std::string encode_ok_empty(std::string_view id);

/// Returns the ok reply of `register`: `{user_id}`.
std::string encode_registered(std::string_view id, user_id uid);

/// Returns the ok reply of `login`: `{user_id, username}`.
std::string encode_logged_in(std::string_view id, user_id uid,
                             std::string_view username);

/// Returns the ok reply of `ping`: `{time}`.
std::string encode_pong(std::string_view id, std::int64_t now_ms);

/// Returns the ok reply of `token`: `{token, expires_in}` (seconds).
std::string encode_token(std::string_view id, std::string_view token,
                         std::int64_t expires_in_s);

/// Returns the ok reply of `get_user`. Private fields are included only when
/// `include_private` (the caller asks for themselves).
std::string encode_user(std::string_view id, user_id uid,
                        std::string_view username, const profile& p,
                        bool include_private);

// -- pushes -------------------------------------------------------------------

/// Returns `{"type":"welcome","user_id":N,"username":".."}`.
std::string encode_welcome(user_id uid, std::string_view username);

/// Returns `{"type":"closing","reason":".."}`.
std::string encode_closing(close_reason reason);

// -- HTTP bodies (PROTOCOL.md section 6) --------------------------------------

/// Returns `{"code":..,"message":..}`.
std::string encode_http_error(error_code code, std::string_view message = {});

/// Returns `{"user_id":N}`.
std::string encode_http_registered(user_id uid);

/// Returns `{"token":..,"expires_in":N}`.
std::string encode_http_token(std::string_view token,
                              std::int64_t expires_in_s);

} // namespace troupe::protocol
