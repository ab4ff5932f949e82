#include "apps/cli/output.hpp"

#include <ctime>

namespace troupe::cli {

namespace {

/// A field as text whatever its JSON type: the node sends ids as numbers
/// and file ids as strings; a missing field reads as "".
std::string text_of(const json& object, const char* key) {
  auto i = object.find(key);
  if (i == object.end() || i->is_null())
    return "";
  if (i->is_string())
    return i->get<std::string>();
  return i->dump();
}

std::int64_t time_of(const json& object, const char* key) {
  auto i = object.find(key);
  return i != object.end() && i->is_number_integer() ? i->get<std::int64_t>()
                                                     : 0;
}

std::string location_text(const json& location) {
  if (!location.is_object())
    return "none";
  return text_of(location, "lat") + ", " + text_of(location, "lon");
}

/// One message, as history lists it and as a push shows it:
/// "2026-11-23 05:10:03  alice → bob: hi".
std::string message_line(const json& m) {
  auto line = format_time(time_of(m, "ts")) + "  " + text_of(m, "from");
  if (m.contains("group_id"))
    line += " in group " + text_of(m, "group_id");
  else
    line += " → " + text_of(m, "to");
  auto kind = text_of(m, "kind");
  if (kind == "text")
    line += ": " + text_of(m, "body");
  else
    line += ": [" + kind + " " + text_of(m, "body") + "]";
  return line + "  (#" + text_of(m, "msg_id") + ")\n";
}

std::string history_text(const json& data) {
  std::string out;
  for (auto& m : data.value("messages", json::array()))
    out += message_line(m);
  return out.empty() ? "(no messages)\n" : out;
}

/// `request` is the `friends` frame the page answers (its `offset`).
std::string friends_text(const json& request, const json& data) {
  std::string out;
  for (auto& f : data.value("friends", json::array())) {
    out += text_of(f, "username") + "  "
           + (f.value("online", false) ? "online" : "offline");
    auto last = time_of(f, "last_message_at");
    if (last > 0)
      out += "  last message " + format_time(last);
    out += "\n";
  }
  if (out.empty())
    return "(no friends yet)\n";
  if (data.value("more", false))
    out += "(more follow: friends offset="
           + std::to_string(request.value("offset", std::int64_t{0})
                            + static_cast<std::int64_t>(data["friends"].size()))
           + ")\n";
  return out;
}

std::string requests_text(const json& data) {
  std::string out;
  for (const char* side : {"incoming", "outgoing"}) {
    for (auto& r : data.value(side, json::array())) {
      out += std::string{side} + " #" + text_of(r, "request_id")
             + (side == std::string{"incoming"} ? " from " : " to ")
             + text_of(r, "username");
      auto note = text_of(r, "note");
      if (!note.empty())
        out += ": " + note;
      out += "\n";
    }
  }
  return out.empty() ? "(no pending requests)\n" : out;
}

std::string groups_text(const json& data) {
  std::string out;
  for (auto& g : data.value("groups", json::array()))
    out += "#" + text_of(g, "group_id") + " " + text_of(g, "name") + "  ("
           + text_of(g, "role") + ", " + text_of(g, "state") + ")\n";
  if (out.empty())
    return "(no groups)\n";
  if (data.value("more", false))
    out += "(more follow: groups after="
           + text_of(data["groups"].back(), "group_id") + ")\n";
  return out;
}

std::string members_text(const json& data) {
  std::string out;
  for (auto& m : data.value("members", json::array()))
    out += text_of(m, "username") + "  " + text_of(m, "role") + "  "
           + (m.value("online", false) ? "online" : "offline") + "\n";
  return out;
}

std::string profile_text(const json& data) {
  std::string out;
  for (auto& [key, value] : data.items())
    out += key + ": "
           + (value.is_string() ? value.get<std::string>() : value.dump())
           + "\n";
  return out;
}

std::string human_ok(const json& request, const json& data) {
  auto type = request.value("type", "");
  if (type == "register")
    return "registered " + text_of(request, "username") + " (user id "
           + text_of(data, "user_id") + ")\n";
  if (type == "login")
    return "logged in as " + text_of(data, "username") + " (user id "
           + text_of(data, "user_id") + ")\n";
  if (type == "ping")
    return "pong (node time " + format_time(time_of(data, "time")) + ")\n";
  if (type == "token")
    return text_of(data, "token") + "\n(expires in "
           + text_of(data, "expires_in") + " s)\n";
  if (type == "send" || type == "group_send")
    return "sent (#" + text_of(data, "msg_id") + " at "
           + format_time(time_of(data, "ts")) + ")\n";
  if (type == "history")
    return history_text(data);
  if (type == "upload")
    return "uploaded " + text_of(data, "path") + " as file #"
           + text_of(data, "file_id") + " (" + text_of(data, "size")
           + " bytes, " + text_of(data, "content_type") + ")\n";
  if (type == "download")
    return "saved file #" + text_of(data, "file_id") + " to "
           + text_of(data, "path") + " (" + text_of(data, "size") + " bytes, "
           + text_of(data, "content_type") + ")\n";
  if (type == "friends")
    return friends_text(request, data);
  if (type == "friend_requests")
    return requests_text(data);
  if (type == "friend_request")
    return data.value("accepted", false)
             ? text_of(request, "username")
                 + " had asked you already: you are friends now\n"
             : "friend request #" + text_of(data, "request_id") + " sent to "
                 + text_of(request, "username") + "\n";
  if (type == "friend_respond")
    return request.value("accept", false) ? "accepted\n" : "rejected\n";
  if (type == "groups")
    return groups_text(data);
  if (type == "group_members")
    return members_text(data);
  if (type == "group_create")
    return "created group #" + text_of(data, "group_id") + "\n";
  if (type == "get_user")
    return profile_text(data);
  if (type == "presence")
    return text_of(request, "username") + ": "
           + (data.value("online", false) ? "online" : "offline")
           + ", last seen " + format_time(time_of(data, "last_seen"))
           + ", location " + location_text(data.value("location", json{}))
           + "\n";
  if (data.is_object() && !data.empty())
    return data.dump() + "\n";
  return "ok\n";
}

std::string group_update_text(const json& p) {
  auto group = "group #" + text_of(p, "group_id") + ": ";
  auto change = text_of(p, "change");
  if (change == "added")
    return group + text_of(p, "username") + " joined\n";
  if (change == "removed")
    return group + text_of(p, "username") + " left or was removed\n";
  if (change == "role")
    return group + text_of(p, "username") + " is now " + text_of(p, "role")
           + "\n";
  if (change == "state")
    return group + "state is now " + text_of(p, "state") + "\n";
  return group + change + "\n";
}

std::string human_push(const json& p) {
  auto type = p.value("type", "");
  if (type == "message")
    return message_line(p);
  if (type == "friend_request") {
    auto note = text_of(p, "note");
    return "friend request #" + text_of(p, "request_id") + " from "
           + text_of(p, "from") + (note.empty() ? "" : ": " + note)
           + "  (answer: friend accept " + text_of(p, "request_id")
           + " / friend reject " + text_of(p, "request_id") + ")\n";
  }
  if (type == "friend_update") {
    auto change = text_of(p, "change");
    auto who = text_of(p, "username");
    if (change == "accepted")
      return who + " and you are friends now\n";
    if (change == "rejected")
      return who + " rejected your friend request\n";
    return who + " is no longer your friend\n";
  }
  if (type == "group_update")
    return group_update_text(p);
  if (type == "system")
    return format_time(time_of(p, "ts")) + "  system: " + text_of(p, "body")
           + "\n";
  if (type == "presence")
    return text_of(p, "username") + " is "
           + (p.value("online", false) ? "online" : "offline") + "\n";
  if (type == "welcome")
    return "welcome, " + text_of(p, "username") + "\n";
  if (type == "closing")
    return "the node ends this session: " + text_of(p, "reason") + "\n";
  return p.dump() + "\n";
}

} // namespace

std::string format_time(std::int64_t ms) {
  auto seconds = static_cast<std::time_t>(ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &parts);
  return text;
}

std::string format_reply(const json& request, const json& reply,
                         output_mode mode) {
  if (!is_ok(reply)) {
    auto error = json{{"code", reply.value("code", "internal")},
                      {"message", reply.value("message", "")}};
    if (mode == output_mode::json)
      return error.dump() + "\n";
    return "error: " + error["code"].get<std::string>() + ": "
           + error["message"].get<std::string>() + "\n";
  }
  auto data = reply.value("data", json::object());
  if (mode == output_mode::json)
    return data.dump() + "\n";
  return human_ok(request, data);
}

std::string format_push(const json& push, output_mode mode) {
  if (mode == output_mode::json)
    return push.dump() + "\n";
  return human_push(push);
}

} // namespace troupe::cli
