#pragma once

// `upload` and `download`: files travel over the node's HTTP API, not the
// WebSocket, with a token that the session asks for first.

#include "apps/cli/command_table.hpp"
#include "apps/cli/connection.hpp"

namespace troupe::cli {

/// Runs an `upload` or `download` command. Returns a reply shaped like the
/// node's ({"type":"ok","data":...} or {"type":"error","code",...}) so it
/// prints like any other. Throws usage_error when the local file cannot be
/// read or written, connection_error when HTTP fails.
json run_transfer(const parsed_command& command, connection& session,
                  const server_address& server,
                  std::chrono::milliseconds timeout);

/// The content type an upload gets when none is given, from the name's
/// extension (application/octet-stream when unknown).
std::string guess_content_type(const std::string& path);

} // namespace troupe::cli
