#pragma once

// troupe-cli's command-line options (parsed with CLI11): where the node is,
// who logs in, how to print. The command itself comes after the options
// and is mapped by the command table.

#include <chrono>
#include <string>
#include <variant>
#include <vector>

#include "apps/cli/connection.hpp"

namespace troupe::cli {

struct options {
  server_address server;
  /// Who logs in for a command that needs a session (--user, TROUPE_USER).
  std::string user;
  bool json = false;
  std::chrono::milliseconds timeout{10000};
  /// How often a session pings the node (zero: never); under the node's
  /// heartbeat.timeout (120 s by default).
  std::chrono::milliseconds keepalive{30000};
  /// The command and its arguments; empty: interactive mode.
  std::vector<std::string> words;
};

/// Parses `argv`. Returns the options, or the exit status to end with at
/// once (0 after --help, exit_code::usage after an error, both printed).
std::variant<options, int> parse_options(int argc, char** argv);

/// Reads "ws://HOST[:PORT][/PATH]" (the port defaults to 80, the path to
/// /ws); throws usage_error for anything else (wss:// is not supported).
server_address parse_url(const std::string& url);

} // namespace troupe::cli
