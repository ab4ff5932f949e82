#pragma once

// troupe-cli as a test runs it: a child process with its own environment
// (the password in TROUPE_PASSWORD, or none) and no controlling terminal,
// so that a prompt for a password fails instead of waiting for a person.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace troupe::test {

/// What a finished run of troupe-cli printed and returned.
struct cli_result {
  int status;
  std::string out;
  std::string err;
};

/// Runs `troupe-cli --port=PORT ARGS...` to completion (bounded by the test
/// deadline) with `password` in TROUPE_PASSWORD, or without it.
cli_result run_cli(std::uint16_t port, const std::vector<std::string>& args,
                   const std::optional<std::string>& password);

/// Reads `fd` and appends to `seen` until `text` is in it; throws with what
/// was seen when the test deadline passes or the writer closes first.
void read_fd_until(int fd, std::string& seen, const std::string& text);

/// troupe-cli in interactive mode, its stdin and stdout on pipes.
class interactive_cli {
 public:
  interactive_cli(std::uint16_t port, const std::vector<std::string>& args,
                  const std::optional<std::string>& password);

  /// Kills the process if the test did not finish it.
  ~interactive_cli();

  interactive_cli(const interactive_cli&) = delete;
  interactive_cli& operator=(const interactive_cli&) = delete;

  /// Writes `line` and a newline to its stdin.
  void send_line(const std::string& line);

  /// Reads its stdout until `text` appears after what earlier calls
  /// consumed; returns the output up to and including it. Throws after
  /// the test deadline.
  std::string read_until(const std::string& text);

  /// Closes its stdin (end of input ends the interactive mode) and
  /// returns its exit status.
  int finish();

  /// Everything it wrote to stderr so far.
  std::string errors() const;

 private:
  int pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::string stderr_path_;
  std::string unread_;
};

} // namespace troupe::test
