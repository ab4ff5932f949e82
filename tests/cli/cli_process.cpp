#include "tests/cli/cli_process.hpp"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/test_backend.hpp"
#include "tests/support/ws_client.hpp"

extern char** environ;

namespace troupe::test {

namespace {

/// The test's environment without the variables troupe-cli reads, plus
/// the password when there is one.
std::vector<std::string>
child_environment(const std::optional<std::string>& password) {
  std::vector<std::string> env;
  for (auto** e = environ; *e != nullptr; ++e) {
    std::string entry{*e};
    if (entry.rfind("TROUPE_PASSWORD=", 0) == 0
        || entry.rfind("TROUPE_USER=", 0) == 0)
      continue;
    env.push_back(std::move(entry));
  }
  if (password)
    env.push_back("TROUPE_PASSWORD=" + *password);
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

/// Starts troupe-cli with its standard streams on the given descriptors.
int spawn_cli(std::uint16_t port, const std::vector<std::string>& args,
              const std::optional<std::string>& password, int in_fd, int out_fd,
              int err_fd) {
  std::vector<std::string> argv{TROUPE_CLI_BINARY,
                                "--port=" + std::to_string(port)};
  argv.insert(argv.end(), args.begin(), args.end());
  auto env = child_environment(password);
  auto argp = pointers(argv);
  auto envp = pointers(env);
  auto pid = fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0) {
    // A new session has no controlling terminal: /dev/tty cannot be
    // opened, as for a script run by cron.
    setsid();
    dup2(in_fd, STDIN_FILENO);
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    execve(argp[0], argp.data(), envp.data());
    _exit(127);
  }
  return pid;
}

int open_for_writing(const std::string& path) {
  return open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

} // namespace

cli_result run_cli(std::uint16_t port, const std::vector<std::string>& args,
                   const std::optional<std::string>& password) {
  auto dir = make_temp_dir();
  auto in_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  auto out_fd = open_for_writing(dir + "/out");
  auto err_fd = open_for_writing(dir + "/err");
  auto pid = spawn_cli(port, args, password, in_fd, out_fd, err_fd);
  close(in_fd);
  close(out_fd);
  close(err_fd);
  auto status = wait_for_exit(pid);
  return {status, read_file(dir + "/out"), read_file(dir + "/err")};
}

interactive_cli::interactive_cli(std::uint16_t port,
                                 const std::vector<std::string>& args,
                                 const std::optional<std::string>& password) {
  int in[2];
  int out[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  stderr_path_ = make_temp_dir() + "/err";
  auto err_fd = open_for_writing(stderr_path_);
  pid_ = spawn_cli(port, args, password, in[0], out[1], err_fd);
  close(in[0]);
  close(out[1]);
  close(err_fd);
  stdin_fd_ = in[1];
  stdout_fd_ = out[0];
  // A test that fails while the child still runs must not die of SIGPIPE.
  signal(SIGPIPE, SIG_IGN);
}

interactive_cli::~interactive_cli() {
  if (stdin_fd_ >= 0)
    close(stdin_fd_);
  if (stdout_fd_ >= 0)
    close(stdout_fd_);
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void interactive_cli::send_line(const std::string& line) {
  auto text = line + "\n";
  if (write(stdin_fd_, text.data(), text.size())
      != static_cast<ssize_t>(text.size()))
    throw std::runtime_error("cannot write to troupe-cli");
}

void read_fd_until(int fd, std::string& seen, const std::string& text) {
  auto deadline = std::chrono::steady_clock::now() + io_deadline;
  while (seen.find(text) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0)
      throw std::runtime_error("troupe-cli did not print '" + text
                               + "'; it printed: " + seen);
    char buffer[4096];
    auto n = read(fd, buffer, sizeof buffer);
    if (n <= 0)
      throw std::runtime_error("troupe-cli closed its output before '" + text
                               + "'; it printed: " + seen);
    seen.append(buffer, static_cast<std::size_t>(n));
  }
}

std::string interactive_cli::read_until(const std::string& text) {
  try {
    read_fd_until(stdout_fd_, unread_, text);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(e.what() + ("; stderr: " + errors()));
  }
  auto upto = unread_.find(text) + text.size();
  auto head = unread_.substr(0, upto);
  unread_.erase(0, upto);
  return head;
}

int interactive_cli::finish() {
  close(stdin_fd_);
  stdin_fd_ = -1;
  auto pid = pid_;
  pid_ = -1;
  return wait_for_exit(pid);
}

std::string interactive_cli::errors() const {
  return read_file(stderr_path_);
}

} // namespace troupe::test
