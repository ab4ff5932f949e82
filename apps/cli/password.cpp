#include "apps/cli/password.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <iterator>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "apps/cli/command_table.hpp"

namespace troupe::cli {

namespace {

// What a signal handler needs to give the terminal its echo back. Plain
// globals: a handler may only touch these (and async-signal-safe calls).
int terminal_fd = -1;
termios saved_terminal{};
volatile sig_atomic_t echo_is_off = 0;

const int fatal_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP};

/// Restores the echo, then lets the signal do what it would have done
/// (Ctrl-C still ends the program; Ctrl-Z is treated the same way, since a
/// stopped program could not restore the echo before the shell's prompt).
void restore_and_reraise(int signal) {
  if (echo_is_off != 0) {
    tcsetattr(terminal_fd, TCSAFLUSH, &saved_terminal);
    echo_is_off = 0;
  }
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

/// The terminal with its echo off for as long as the object lives; the
/// signal handlers cover the paths a destructor cannot.
class echo_off {
 public:
  explicit echo_off(int fd) {
    terminal_fd = fd;
    if (tcgetattr(fd, &saved_terminal) != 0)
      return;
    struct sigaction action {};
    action.sa_handler = restore_and_reraise;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < std::size(fatal_signals); ++i)
      sigaction(fatal_signals[i], &action, &previous_[i]);
    auto quiet = saved_terminal;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    quiet.c_lflag |= ECHONL;
    echo_is_off = 1;
    tcsetattr(fd, TCSAFLUSH, &quiet);
  }

  ~echo_off() {
    if (echo_is_off != 0) {
      tcsetattr(terminal_fd, TCSAFLUSH, &saved_terminal);
      echo_is_off = 0;
    }
    for (std::size_t i = 0; i < std::size(fatal_signals); ++i)
      sigaction(fatal_signals[i], &previous_[i], nullptr);
  }

  echo_off(const echo_off&) = delete;
  echo_off& operator=(const echo_off&) = delete;

 private:
  struct sigaction previous_[std::size(fatal_signals)]{};
};

/// Reads one line from `fd` (without its newline); false at end of input.
bool read_line(int fd, std::string& line) {
  line.clear();
  char c = 0;
  for (;;) {
    auto n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return !line.empty();
    if (c == '\n')
      return true;
    line += c;
  }
}

std::string ask(int tty, const std::string& prompt) {
  std::string answer;
  {
    // The echo goes off before the prompt shows: nothing typed after the
    // prompt appears can be echoed.
    echo_off guard{tty};
    (void)!::write(tty, prompt.data(), prompt.size());
    if (!read_line(tty, answer))
      throw usage_error("no password given");
  }
  return answer;
}

} // namespace

std::string read_password(const std::string& prompt, bool confirm) {
  if (auto* from_env = std::getenv(password_variable))
    return from_env;
  auto tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0)
    throw usage_error(std::string{"no terminal to ask for the password: set "}
                      + password_variable);
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } close_tty{tty};
  auto password = ask(tty, prompt);
  if (confirm && ask(tty, "again: ") != password)
    throw usage_error("the passwords differ");
  return password;
}

} // namespace troupe::cli
