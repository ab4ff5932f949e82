#include "tests/support/node_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "tests/support/ws_client.hpp"

namespace troupe::test {

namespace {

/// Reads the line with "listening on http://ADDR:PORT" from `fd`.
std::uint16_t read_port(int fd, pid_t pid, const std::string& log_path) {
  std::string text;
  char buf[512];
  auto deadline = std::chrono::steady_clock::now() + io_deadline;
  for (;;) {
    auto marker = text.find("listening on http://");
    auto eol = marker == std::string::npos ? marker : text.find('\n', marker);
    if (eol != std::string::npos) {
      auto line = text.substr(marker, eol - marker);
      auto colon = line.find(':', line.find("//"));
      return static_cast<std::uint16_t>(std::stoi(line.substr(colon + 1)));
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0)
      break;
    auto n = read(fd, buf, sizeof(buf));
    if (n <= 0)
      break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  throw std::runtime_error("troupe-node did not start; its log:\n"
                           + read_file(log_path));
}

std::vector<std::string> base_args() {
  return {TROUPE_NODE_BINARY,
          "--config=" TROUPE_SOURCE_DIR "/conf/troupe.ini",
          "--net.host=127.0.0.1",
          "--net.port=0",
          "--auth.password_hash=minimal",
          "--auth.secret=integration-test-secret",
          "--node.log_level=debug"};
}

} // namespace

node_process::node_process(std::vector<std::string> extra_args)
  : node_process(make_temp_dir(), {}, std::move(extra_args)) {
  // nop
}

node_process::node_process(std::string dir, std::vector<std::string> store_args,
                           std::vector<std::string> extra_args)
  : dir_(std::move(dir)), store_args_(std::move(store_args)) {
  if (store_args_.empty())
    store_args_ = test_backend::from_environment().fresh_store_args(dir_);
  auto args = base_args();
  args.insert(args.end(), store_args_.begin(), store_args_.end());
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  start(std::move(args));
}

node_process node_process::restart_of(const node_process& other,
                                      std::vector<std::string> extra_args) {
  return node_process{other.dir_, other.store_args_, std::move(extra_args)};
}

void node_process::start(std::vector<std::string> args) {
  auto log_path = dir_ + "/node.log";
  auto log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  int out[2];
  if (log_fd < 0 || pipe(out) != 0)
    throw std::runtime_error("cannot set up the node's output");
  pid_ = spawn_process(args, out[1], log_fd);
  close(out[1]);
  close(log_fd);
  try {
    port_ = read_port(out[0], pid_, log_path);
  } catch (...) {
    close(out[0]);
    pid_ = -1;
    throw;
  }
  close(out[0]);
}

node_process::node_process(const shared_store& store,
                           std::vector<std::string> extra_args)
  : node_process(make_temp_dir(), store.args, std::move(extra_args)) {
  // nop
}

node_process::~node_process() {
  if (pid_ <= 0)
    return;
  // A node the test did not stop itself must stop cleanly: a sanitizer
  // report or a crash at shutdown shows up here as a non-zero status.
  auto status = -1;
  try {
    status = stop();
  } catch (const std::exception& e) {
    FAIL_CHECK("troupe-node did not stop: " << std::string{e.what()});
    return;
  }
  if (status != 0)
    FAIL_CHECK("troupe-node exited with status " << status << "; its log:\n"
                                                 << log());
}

int node_process::stop() {
  terminate();
  return wait();
}

void node_process::terminate() {
  if (pid_ > 0)
    kill(pid_, SIGTERM);
}

int node_process::wait() {
  if (pid_ <= 0)
    return exit_status_;
  auto pid = pid_;
  pid_ = -1;
  exit_status_ = wait_for_exit(pid);
  return exit_status_;
}

void node_process::kill_hard() {
  if (pid_ <= 0)
    return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void node_process::pause() {
  if (pid_ > 0)
    kill(pid_, SIGSTOP);
}

void node_process::resume() {
  if (pid_ > 0)
    kill(pid_, SIGCONT);
}

std::string node_process::log() const {
  return read_file(dir_ + "/node.log");
}

finished_run run_node_to_exit(std::vector<std::string> args) {
  auto dir = make_temp_dir();
  auto log_path = dir + "/node.log";
  auto log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> argv{TROUPE_NODE_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  auto devnull = open("/dev/null", O_WRONLY);
  auto pid = spawn_process(argv, devnull, log_fd);
  close(devnull);
  close(log_fd);
  auto status = wait_for_exit(pid);
  return {status, read_file(log_path)};
}

} // namespace troupe::test
