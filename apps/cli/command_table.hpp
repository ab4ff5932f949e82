#pragma once

// The commands troupe-cli understands, and how each becomes a protocol v1
// request. One grammar for both modes: the words after the options in
// one-shot mode, a line split like a shell would in interactive mode.
// Pure: no I/O, so tests check every mapping without a node.

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace troupe::cli {

using json = nlohmann::json;

/// A command line the table cannot map: the message says what is wrong.
class usage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What running a command takes.
enum class command_kind {
  /// A frame sent on a session (logged in, except `ping`).
  request,
  /// `register` or `login`: a frame that still needs the password.
  account,
  /// `upload` or `download`: HTTP with a token from the session.
  transfer,
  /// Done by the client itself (help, quit).
  local,
};

/// A command line, mapped: `frame` is the request without its `id` (for
/// local commands, their arguments).
struct parsed_command {
  std::string name;
  command_kind kind = command_kind::request;
  json frame;
};

/// One row of the table.
struct command_spec {
  std::string name;      // its words, e.g. "friend request"
  std::string arguments; // e.g. "<username> [note...]"
  std::string summary;
  command_kind kind;
  std::function<json(const std::vector<std::string>& args)> build;
};

/// Every command, in the order help lists them.
const std::vector<command_spec>& command_table();

/// Maps `words` (command name first) to its request; throws usage_error.
parsed_command parse_command(const std::vector<std::string>& words);

/// Splits an interactive line into words: blanks separate, '...' and "..."
/// quote, a backslash escapes the next character. Throws usage_error on an
/// unterminated quote.
std::vector<std::string> split_line(const std::string& line);

/// The commands with their arguments, one per line: all of them, or those
/// whose name starts with `topic` (e.g. "group"). Empty when none does.
std::string help_text(const std::string& topic = "");

} // namespace troupe::cli
