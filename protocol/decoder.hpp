#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/error_code.hpp"
#include "protocol/limits.hpp"
#include "protocol/requests.hpp"

namespace troupe::protocol {

/// Why a frame was not turned into a request, and the id to answer with
/// (`nullopt` when the frame carried no valid id: answered `"id":null`).
struct decode_error {
  std::optional<std::string> id;
  error_code code;
  std::string message;
};

/// Parses one WebSocket text frame into a validated request.
/// Never throws; any fault in the input becomes a `decode_error`.
std::variant<request, decode_error> decode_request(std::string_view frame,
                                                   const limits& lim);

/// Parses the JSON body of an HTTP call as the parameters of command `type`
/// (e.g. "register" for `POST /api/register`). The `id` of a returned error is
/// always empty.
std::variant<command, decode_error> decode_command(std::string_view type,
                                                   std::string_view json_body,
                                                   const limits& lim);

/// Returns the wire `type` of the command alternative with variant index
/// `index` (e.g. 12 → "send"), or "unknown" past the last.
std::string_view command_type_name(std::size_t index);

} // namespace troupe::protocol
