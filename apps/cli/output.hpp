#pragma once

// How troupe-cli shows what the node says: for people (one readable line
// or a short table per reply or push) or for scripts (the reply's `data`,
// the error, or the push, as one line of JSON). Pure: strings in, strings
// out.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace troupe::cli {

using json = nlohmann::json;

enum class output_mode { human, json };

/// The text for the reply to `request` (the frame sent, with its `type`),
/// ending with a newline. An ok reply shows its data; an error shows its
/// code and message (in JSON: `{"code","message"}`).
std::string format_reply(const json& request, const json& reply,
                         output_mode mode);

/// The text for a push from the node (message, friend_request, ...),
/// ending with a newline.
std::string format_push(const json& push, output_mode mode);

/// A time in ms since the epoch as "YYYY-MM-DD HH:MM:SS" (UTC).
std::string format_time(std::int64_t ms);

/// Whether `reply` answers ok.
inline bool is_ok(const json& reply) {
  return reply.value("type", "") == "ok";
}

} // namespace troupe::cli
