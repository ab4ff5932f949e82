// troupe-cli asking for a password on a terminal (a pseudo-terminal here):
// the echo is off while it asks, the password never shows, and the echo
// comes back however the prompt ends, Ctrl-C included.

#include <doctest/doctest.h>

#include <csignal>
#include <stdexcept>
#include <string>

#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include "tests/cli/cli_process.hpp"
#include "tests/support/node_process.hpp"

using troupe::test::node_process;

namespace {

/// troupe-cli on a new pseudo-terminal, without TROUPE_PASSWORD.
class on_terminal {
 public:
  on_terminal(std::uint16_t port, const std::vector<std::string>& args) {
    std::vector<std::string> argv{TROUPE_CLI_BINARY,
                                  "--port=" + std::to_string(port)};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> argp;
    for (auto& a : argv)
      argp.push_back(a.data());
    argp.push_back(nullptr);
    pid_ = forkpty(&master_, nullptr, nullptr, nullptr);
    if (pid_ < 0)
      throw std::runtime_error("forkpty failed");
    if (pid_ == 0) {
      unsetenv("TROUPE_PASSWORD");
      execv(argp[0], argp.data());
      _exit(127);
    }
  }

  ~on_terminal() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      troupe::test::wait_for_exit(pid_);
    }
    close(master_);
  }

  on_terminal(const on_terminal&) = delete;
  on_terminal& operator=(const on_terminal&) = delete;

  /// Reads until `text` has appeared; returns everything read so far.
  const std::string& read_until(const std::string& text) {
    troupe::test::read_fd_until(master_, seen_, text);
    return seen_;
  }

  void type(const std::string& keys) {
    REQUIRE(write(master_, keys.data(), keys.size())
            == static_cast<ssize_t>(keys.size()));
  }

  bool echo_is_on() const {
    termios t{};
    REQUIRE(tcgetattr(master_, &t) == 0);
    return (t.c_lflag & ECHO) != 0;
  }

  int wait() {
    auto pid = pid_;
    pid_ = -1;
    return troupe::test::wait_for_exit(pid);
  }

 private:
  int master_ = -1;
  int pid_ = -1;
  std::string seen_;
};

} // namespace

TEST_CASE("register asks twice with the echo off; the password never "
          "shows") {
  node_process node;
  on_terminal cli{node.port(), {"register", "zed"}};
  CHECK(cli.echo_is_on());
  cli.read_until("new password for zed: ");
  CHECK(!cli.echo_is_on());
  cli.type("hidden-pass-1\n");
  cli.read_until("again: ");
  CHECK(!cli.echo_is_on());
  cli.type("hidden-pass-1\n");
  auto& shown = cli.read_until("registered zed");
  CHECK(shown.find("hidden-pass-1") == std::string::npos);
  CHECK(cli.wait() == 0);
}

TEST_CASE("Ctrl-C at the prompt ends troupe-cli and gives the echo back") {
  on_terminal cli{1, {"--user", "zed", "friends"}};
  cli.read_until("password for zed: ");
  CHECK(!cli.echo_is_on());
  cli.type("\x03");
  CHECK(cli.wait() == 128 + SIGINT);
  CHECK(cli.echo_is_on());
}

TEST_CASE("two different answers are a usage error, the echo back on") {
  on_terminal cli{1, {"register", "zed"}};
  cli.read_until("new password for zed: ");
  cli.type("first-answer\n");
  cli.read_until("again: ");
  cli.type("second-answer\n");
  cli.read_until("the passwords differ");
  CHECK(cli.wait() == 2);
  CHECK(cli.echo_is_on());
}
