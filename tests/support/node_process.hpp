#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/test_backend.hpp"

namespace troupe::test {

/// A real `troupe-node` process on 127.0.0.1 with a free port, a fresh
/// store and cheap password hashing, stopped when the object goes.
class node_process {
 public:
  /// Starts the node with `extra_args` (e.g. "--limits.max_bad_frames=3")
  /// and waits until it prints the port it listens on.
  explicit node_process(std::vector<std::string> extra_args = {});

  /// Starts a node that reuses the store and directory of `other` (which
  /// must be stopped): a restart of the same node.
  static node_process restart_of(const node_process& other,
                                 std::vector<std::string> extra_args = {});

  /// A store several nodes share (a cluster's MariaDB database): its
  /// options, from `test_backend::fresh_store_args`.
  struct shared_store {
    std::vector<std::string> args;
  };

  /// Starts a node on `store`, with `extra_args`.
  node_process(const shared_store& store, std::vector<std::string> extra_args);

  ~node_process();

  node_process(const node_process&) = delete;
  node_process& operator=(const node_process&) = delete;

  std::uint16_t port() const { return port_; }

  /// The node's process id, while it runs.
  int pid() const { return pid_; }

  /// Sends SIGTERM and returns the exit status.
  int stop();

  /// Sends SIGTERM without waiting: clients can read their goodbyes while
  /// the node shuts down. `wait` returns the exit status.
  void terminate();

  /// Waits for the node to exit; returns its exit status.
  int wait();

  /// Kills the process with SIGKILL, as a crash would.
  void kill_hard();

  /// Stops the process (SIGSTOP), as a long pause would, until `resume`.
  void pause();
  void resume();

  /// Returns what the node wrote to stderr so far (its log).
  std::string log() const;

 private:
  node_process(std::string dir, std::vector<std::string> store_args,
               std::vector<std::string> extra_args);

  void start(std::vector<std::string> args);

  std::string dir_;
  std::vector<std::string> store_args_;
  int pid_ = -1;
  std::uint16_t port_ = 0;
  int exit_status_ = -1;
};

/// Runs troupe-node with `args` to completion and returns its exit status
/// and stderr; for checking start-up failures.
struct finished_run {
  int status;
  std::string stderr_text;
};

finished_run run_node_to_exit(std::vector<std::string> args);

} // namespace troupe::test
