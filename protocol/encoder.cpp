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

json location_json(const std::optional<location>& where) {
  if (!where)
    return nullptr;
  return {{"lat", where->lat}, {"lon", where->lon}};
}

json message_json(const message_view& m) {
  json out{{"type", "message"},
           {"id", m.msg_id},
           {"msg_id", m.msg_id},
           {"from", m.from},
           {"kind", to_string(m.kind)},
           {"body", m.body},
           {"ts", m.ts}};
  if (m.group_id)
    out["group_id"] = *m.group_id;
  else
    out["to"] = m.to;
  return out;
}

json request_list(const std::vector<friend_request_view>& requests) {
  auto out = json::array();
  for (auto& r : requests)
    out.push_back({{"request_id", r.request_id},
                   {"username", r.username},
                   {"note", r.note},
                   {"ts", r.ts}});
  return out;
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

std::string encode_sent(std::string_view id, std::int64_t msg_id,
                        std::int64_t ts) {
  return ok_reply(id, {{"msg_id", msg_id}, {"ts", ts}});
}

std::string encode_friend_requested(std::string_view id,
                                    std::int64_t request_id, bool accepted) {
  json data{{"request_id", request_id}};
  if (accepted)
    data["accepted"] = true;
  return ok_reply(id, std::move(data));
}

std::string encode_friends(std::string_view id,
                           const std::vector<friend_view>& friends, bool more) {
  auto list = json::array();
  for (auto& f : friends) {
    json entry{{"user_id", f.uid},
               {"username", f.username},
               {"nickname", f.nickname},
               {"online", f.online},
               {"last_message_at", f.last_message_at}};
    if (f.ip)
      entry["ip"] = *f.ip;
    if (f.port)
      entry["port"] = *f.port;
    list.push_back(std::move(entry));
  }
  return ok_reply(id, {{"friends", std::move(list)}, {"more", more}});
}

std::string
encode_friend_requests(std::string_view id,
                       const std::vector<friend_request_view>& incoming,
                       const std::vector<friend_request_view>& outgoing) {
  return ok_reply(id, {{"incoming", request_list(incoming)},
                       {"outgoing", request_list(outgoing)}});
}

std::string encode_history(std::string_view id,
                           const std::vector<message_view>& messages) {
  auto list = json::array();
  for (auto& m : messages)
    list.push_back(message_json(m));
  return ok_reply(id, {{"messages", std::move(list)}});
}

std::string encode_group_created(std::string_view id, std::int64_t group_id) {
  return ok_reply(id, {{"group_id", group_id}});
}

std::string encode_groups(std::string_view id,
                          const std::vector<group_view>& groups, bool more) {
  auto list = json::array();
  for (auto& g : groups)
    list.push_back({{"group_id", g.group_id},
                    {"name", g.name},
                    {"role", to_string(g.role)},
                    {"state", to_string(g.state)}});
  return ok_reply(id, {{"groups", std::move(list)}, {"more", more}});
}

std::string
encode_group_members(std::string_view id,
                     const std::vector<group_member_view>& members) {
  auto list = json::array();
  for (auto& m : members)
    list.push_back({{"user_id", m.uid},
                    {"username", m.username},
                    {"role", to_string(m.role)},
                    {"online", m.online}});
  return ok_reply(id, {{"members", std::move(list)}});
}

std::string encode_presence(std::string_view id, bool online,
                            std::int64_t last_seen,
                            const std::optional<location>& where) {
  return ok_reply(id, {{"online", online},
                       {"last_seen", last_seen},
                       {"location", location_json(where)}});
}

std::string encode_message_push(const message_view& m) {
  return dump(message_json(m));
}

std::string encode_friend_request_push(std::int64_t push_id,
                                       std::int64_t request_id,
                                       std::string_view from,
                                       std::string_view note, std::int64_t ts) {
  return dump({{"type", "friend_request"},
               {"id", push_id},
               {"request_id", request_id},
               {"from", from},
               {"note", note},
               {"ts", ts}});
}

std::string encode_friend_update_push(std::int64_t push_id,
                                      std::string_view username,
                                      friend_change change, std::int64_t ts) {
  return dump({{"type", "friend_update"},
               {"id", push_id},
               {"username", username},
               {"change", to_string(change)},
               {"ts", ts}});
}

std::string encode_system_push(std::int64_t push_id, std::string_view body,
                               std::int64_t ts) {
  return dump(
    {{"type", "system"}, {"id", push_id}, {"body", body}, {"ts", ts}});
}

std::string encode_group_update_push(const group_update_view& update) {
  return dump({{"type", "group_update"},
               {"id", update.push_id},
               {"group_id", update.group_id},
               {"change", to_string(update.change)},
               {"username", update.username},
               {"role", to_string(update.role)},
               {"state", to_string(update.state)},
               {"ts", update.ts}});
}

std::string encode_presence_push(std::string_view username, bool online,
                                 const std::optional<location>& where) {
  return dump({{"type", "presence"},
               {"username", username},
               {"online", online},
               {"location", location_json(where)}});
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

std::string encode_http_file_stored(std::int64_t file_id, std::int64_t size) {
  return dump({{"file_id", file_id}, {"size", size}});
}

std::string encode_http_token(std::string_view token,
                              std::int64_t expires_in_s) {
  return dump({{"token", token}, {"expires_in", expires_in_s}});
}

} // namespace troupe::protocol
