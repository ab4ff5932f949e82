#pragma once

// The delivery promise across a crash, as a workload several tests run:
// senders send to receivers (some online, one offline) and to a group they
// all belong to while a node is killed with SIGKILL; afterwards every
// message answered ok reaches its receivers exactly once after
// de-duplication, in the order it was answered (in the group: in the
// group's order), and no message is stored twice.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/ws_client.hpp"

namespace troupe::test::crash {

constexpr int senders = 3;
constexpr int receivers = 3;
constexpr int per_conversation = 30;
/// Each sender sends to every receiver and to the group, in turn.
constexpr int targets = receivers + 1;
constexpr int the_group = receivers;
constexpr int total = senders * targets * per_conversation;

std::string sender_name(int s);
std::string receiver_name(int r);

/// What the test saw, shared by its client threads.
struct ledger {
  std::mutex mtx;
  std::condition_variable changed;
  int answered_count = 0;
  /// Per (sender, receiver or `the_group`): the messages answered ok, in
  /// answer order.
  std::map<std::pair<int, int>,
           std::vector<std::pair<std::int64_t, std::string>>>
    answered;
  /// Per receiver: every message push read, in reading order (duplicates
  /// included).
  std::map<int, std::vector<json>> received;
  /// Faults the client threads met besides a node's death: checked by
  /// the test's own thread (doctest asserts on one thread only).
  std::vector<std::string> faults;

  void fault(std::string what);
  void answer(int s, int r, std::int64_t msg_id, const std::string& body);
  void receive(int r, json push);

  /// Waits until at least half the messages were answered.
  bool half_answered();
};

/// One sender's plan: message i to every receiver in turn. `next` is the
/// first step not yet answered; `pending` the request in flight when the
/// node died, to repeat after.
struct sender_plan {
  int next = 0;
  std::optional<json> pending;
};

/// Sends the rest of sender `s`'s plan through the node at `port` until
/// done or the node dies. An `unavailable` answer (a group whose node was
/// lost a moment ago) is tried again with the same request id.
void run_sender(std::uint16_t port, int s, std::int64_t group_id,
                sender_plan& plan, ledger& log);

/// Reads and records pushes for receiver `r` until its node dies,
/// acknowledging every other one so that some stay unacknowledged.
void run_online_receiver(ws_client& c, int r, ledger& log);

/// Makes every sender a friend of every receiver, and all of them members
/// of a group, through the node at `port`; returns the group's id.
std::int64_t befriend_everyone(std::uint16_t port);

/// Once every sender finished: logs each receiver in at `port_of(r)`,
/// reads until it saw every message answered to it, and checks each came
/// once, in order, stored once.
void check_deliveries(ledger& log,
                      const std::function<std::uint16_t(int)>& port_of);

} // namespace troupe::test::crash
