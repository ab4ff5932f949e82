#include "protocol/requests.hpp"

#include "protocol/payloads.hpp"

namespace troupe::protocol {

std::string_view to_string(message_kind kind) {
  switch (kind) {
    case message_kind::text: return "text";
    case message_kind::image: return "image";
    case message_kind::file: return "file";
  }
  return "text";
}

std::optional<message_kind> message_kind_from_string(std::string_view name) {
  if (name == "text")
    return message_kind::text;
  if (name == "image")
    return message_kind::image;
  if (name == "file")
    return message_kind::file;
  return std::nullopt;
}

std::string_view to_string(friend_change change) {
  switch (change) {
    case friend_change::accepted: return "accepted";
    case friend_change::rejected: return "rejected";
    case friend_change::removed: return "removed";
  }
  return "accepted";
}

std::string_view to_string(group_change change) {
  switch (change) {
    case group_change::added: return "added";
    case group_change::removed: return "removed";
    case group_change::role: return "role";
    case group_change::state: return "state";
  }
  return "added";
}

} // namespace troupe::protocol
