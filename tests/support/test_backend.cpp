#include "tests/support/test_backend.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/ws_client.hpp"

namespace troupe::test {

namespace {

std::string random_suffix() {
  std::random_device rd;
  std::uniform_int_distribution<std::uint64_t> dist;
  std::ostringstream out;
  out << std::hex << dist(rd);
  return out.str();
}

std::string env_or(const char* name, const char* fallback) {
  auto* value = std::getenv(name);
  return value != nullptr ? value : fallback;
}

} // namespace

int spawn_process(const std::vector<std::string>& argv, int stdout_fd,
                  int stderr_fd) {
  std::vector<char*> cargs;
  for (auto& a : argv)
    cargs.push_back(const_cast<char*>(a.c_str()));
  cargs.push_back(nullptr);
  auto pid = fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (stdout_fd >= 0)
      dup2(stdout_fd, STDOUT_FILENO);
    dup2(stderr_fd, STDERR_FILENO);
    execv(cargs[0], cargs.data());
    _exit(127);
  }
  return pid;
}

int wait_for_exit(int pid) {
  // A pidfd becomes readable when the process exits: no polling loop.
  auto fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd >= 0) {
    pollfd p{fd, POLLIN, 0};
    auto deadline_ms
      = std::chrono::duration_cast<std::chrono::milliseconds>(io_deadline)
          .count();
    auto ready = poll(&p, 1, static_cast<int>(deadline_ms));
    close(fd);
    if (ready == 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
      throw std::runtime_error("process did not exit in time");
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

std::string read_file(const std::string& path) {
  std::ifstream in{path};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::uint16_t free_tcp_port() {
  auto fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    throw std::runtime_error("cannot open a socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  auto* any = reinterpret_cast<sockaddr*>(&addr);
  if (bind(fd, any, len) != 0 || getsockname(fd, any, &len) != 0) {
    close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

std::string make_temp_dir() {
  std::string templ = env_or("TMPDIR", "/tmp");
  templ += "/troupe-test-XXXXXX";
  if (mkdtemp(templ.data()) == nullptr)
    throw std::runtime_error("mkdtemp failed");
  return templ;
}

test_backend test_backend::from_environment() {
  test_backend b;
  b.mariadb = env_or("TROUPE_TEST_BACKEND", "sqlite") == "mariadb";
  if (b.mariadb) {
    auto dir = env_or("TROUPE_TEST_MARIADB_DIR", "");
    auto port = read_file(dir + "/port");
    if (dir.empty() || port.empty())
      throw std::runtime_error("TROUPE_TEST_BACKEND=mariadb needs "
                               "TROUPE_TEST_MARIADB_DIR of a running server "
                               "(tests/support/mariadb.sh start DIR)");
    b.port = static_cast<std::uint16_t>(std::stoi(port));
    b.socket = dir + "/mysqld.sock";
  }
  return b;
}

std::string test_backend::create_database() const {
  auto database = "t_" + random_suffix();
  auto pid
    = spawn_process({"/usr/bin/mariadb", "--no-defaults", "-uroot",
                     "--socket=" + socket, "-e", "CREATE DATABASE " + database},
                    -1, STDERR_FILENO);
  if (wait_for_exit(pid) != 0)
    throw std::runtime_error("cannot create MariaDB database " + database);
  return database;
}

std::vector<std::string>
test_backend::fresh_store_args(const std::string& dir) const {
  if (!mariadb)
    return {"--storage.backend=sqlite",
            "--storage.sqlite_path=" + dir + "/troupe.db"};
  return {"--storage.backend=mariadb",
          "--storage.mariadb_host=127.0.0.1",
          "--storage.mariadb_port=" + std::to_string(port),
          std::string{"--storage.mariadb_user="} + test_mariadb_user,
          std::string{"--storage.mariadb_password="} + test_mariadb_password,
          "--storage.mariadb_database=" + create_database()};
}

} // namespace troupe::test
