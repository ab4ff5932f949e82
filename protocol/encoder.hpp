#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/error_code.hpp"
#include "protocol/ids.hpp"
#include "protocol/payloads.hpp"
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

/// Returns the ok reply of `send`: `{msg_id, ts}`.
std::string encode_sent(std::string_view id, std::int64_t msg_id,
                        std::int64_t ts);

/// Returns the ok reply of `friend_request`: `{request_id}`, plus
/// `accepted: true` when it accepted the other user's request.
std::string encode_friend_requested(std::string_view id,
                                    std::int64_t request_id, bool accepted);

/// Returns the ok reply of `friends`; `ip`/`port` appear where set;
/// `more` tells whether friends follow this page.
std::string encode_friends(std::string_view id,
                           const std::vector<friend_view>& friends, bool more);

/// Returns the ok reply of `friend_requests`.
std::string
encode_friend_requests(std::string_view id,
                       const std::vector<friend_request_view>& incoming,
                       const std::vector<friend_request_view>& outgoing);

/// Returns the ok reply of `history`: the messages, oldest first, each as
/// its `message` push shows it.
std::string encode_history(std::string_view id,
                           const std::vector<message_view>& messages);

/// Returns the ok reply of `group_create`: `{group_id}`.
std::string encode_group_created(std::string_view id, std::int64_t group_id);

/// Returns the ok reply of `groups`; `more` tells whether groups follow
/// this page.
std::string encode_groups(std::string_view id,
                          const std::vector<group_view>& groups, bool more);

/// Returns the ok reply of `group_members`.
std::string encode_group_members(std::string_view id,
                                 const std::vector<group_member_view>& members);

/// Returns the ok reply of `presence`: `{online, last_seen, location}`.
std::string encode_presence(std::string_view id, bool online,
                            std::int64_t last_seen,
                            const std::optional<location>& where);

// -- pushes -------------------------------------------------------------------

/// Returns the `message` push of `m`; its push id is the message id.
std::string encode_message_push(const message_view& m);

/// Returns the `friend_request` push.
std::string encode_friend_request_push(std::int64_t push_id,
                                       std::int64_t request_id,
                                       std::string_view from,
                                       std::string_view note, std::int64_t ts);

/// Returns the `friend_update` push: `username` changed the friendship.
std::string encode_friend_update_push(std::int64_t push_id,
                                      std::string_view username,
                                      friend_change change, std::int64_t ts);

/// Returns the `system` push (from the admin API).
std::string encode_system_push(std::int64_t push_id, std::string_view body,
                               std::int64_t ts);

/// Returns the `group_update` push.
std::string encode_group_update_push(const group_update_view& update);

/// Returns the `presence` push (never acknowledged).
std::string encode_presence_push(std::string_view username, bool online,
                                 const std::optional<location>& where);

/// Returns `{"type":"welcome","user_id":N,"username":".."}`.
std::string encode_welcome(user_id uid, std::string_view username);

/// Returns `{"type":"closing","reason":".."}`.
std::string encode_closing(close_reason reason);

// -- HTTP bodies (PROTOCOL.md section 6) --------------------------------------

/// Returns `{"code":..,"message":..}`.
std::string encode_http_error(error_code code, std::string_view message = {});

/// Returns `{"user_id":N}`.
std::string encode_http_registered(user_id uid);

/// Returns `{"file_id":N,"size":N}`.
std::string encode_http_file_stored(std::int64_t file_id, std::int64_t size);

/// Returns `{"token":..,"expires_in":N}`.
std::string encode_http_token(std::string_view token,
                              std::int64_t expires_in_s);

} // namespace troupe::protocol
