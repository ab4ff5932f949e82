// The delivery promise across a crash: senders send to receivers (some
// online, one offline) and to a group they all belong to while the node is
// killed with SIGKILL; after a restart every message answered ok reaches
// its receivers exactly once after de-duplication, in the order it was
// answered (in the group: in the group's order), and no message is stored
// twice.

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;

namespace {

constexpr int senders = 3;
constexpr int receivers = 3;
constexpr int per_conversation = 30;
/// Each sender sends to every receiver and to the group, in turn.
constexpr int targets = receivers + 1;
constexpr int the_group = receivers;
constexpr int total = senders * targets * per_conversation;

std::string sender_name(int s) {
  return "sender" + std::to_string(s);
}

std::string receiver_name(int r) {
  return "receiver" + std::to_string(r);
}

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
  /// Faults the client threads met besides the node's death: checked by
  /// the test's own thread (doctest asserts on one thread only).
  std::vector<std::string> faults;

  void fault(std::string what) {
    std::lock_guard<std::mutex> guard{mtx};
    faults.push_back(std::move(what));
  }

  void answer(int s, int r, std::int64_t msg_id, const std::string& body) {
    std::lock_guard<std::mutex> guard{mtx};
    answered[{s, r}].emplace_back(msg_id, body);
    ++answered_count;
    changed.notify_all();
  }

  void receive(int r, json push) {
    std::lock_guard<std::mutex> guard{mtx};
    received[r].push_back(std::move(push));
  }
};

/// One sender's plan: message i to every receiver in turn. `next` is the
/// first step not yet answered; `pending` the request in flight when the
/// node died, to repeat after the restart.
struct sender_plan {
  int next = 0;
  std::optional<json> pending;
};

json send_request(int s, int step, std::int64_t group_id) {
  auto t = step % targets;
  auto i = step / targets;
  json request{{"id", "s" + std::to_string(s) + "-" + std::to_string(step)},
               {"kind", "text"}};
  if (t == the_group) {
    request["type"] = "group_send";
    request["group_id"] = group_id;
    request["body"] = sender_name(s) + ":group:" + std::to_string(i);
  } else {
    request["type"] = "send";
    request["to"] = receiver_name(t);
    request["body"] = sender_name(s) + ":" + std::to_string(i);
  }
  return request;
}

/// Sends the rest of sender `s`'s plan until done or the node dies.
void run_sender(std::uint16_t port, int s, std::int64_t group_id,
                sender_plan& plan, ledger& log) {
  try {
    auto c = logged_in_again(port, sender_name(s));
    auto send = [&](json request) {
      plan.pending = request;
      auto reply = c.request(request);
      if (reply["type"] != "ok")
        throw std::logic_error("send failed: " + reply.dump());
      plan.pending.reset();
      auto step = std::stoi(request["id"].get<std::string>().substr(
        request["id"].get<std::string>().find('-') + 1));
      log.answer(s, step % targets, reply["data"]["msg_id"], request["body"]);
    };
    if (plan.pending) {
      // The step the node died on; the plan goes on after it.
      send(*plan.pending);
      ++plan.next;
    }
    for (; plan.next < targets * per_conversation; ++plan.next)
      send(send_request(s, plan.next, group_id));
  } catch (const std::runtime_error&) {
    // The node was killed: `plan` says where to go on.
  } catch (const std::exception& e) {
    log.fault(e.what());
  }
}

/// Reads and records pushes for receiver `r` until the node dies,
/// acknowledging every other one so that some stay unacknowledged.
void run_online_receiver(ws_client& c, int r, ledger& log) {
  try {
    for (auto n = 0;; ++n) {
      auto push = c.next_push("message");
      log.receive(r, push);
      if (n % 2 == 0)
        c.ack(push);
    }
  } catch (const std::runtime_error&) {
    // The node was killed.
  } catch (const std::exception& e) {
    log.fault(e.what());
  }
}

/// Makes every sender a friend of every receiver, and all of them members
/// of a group; returns its id.
std::int64_t befriend_everyone(const node_process& node) {
  std::vector<ws_client> s_clients;
  std::vector<ws_client> r_clients;
  for (int s = 0; s < senders; ++s)
    s_clients.push_back(logged_in(node.port(), sender_name(s)));
  for (int r = 0; r < receivers; ++r)
    r_clients.push_back(logged_in(node.port(), receiver_name(r)));
  for (int s = 0; s < senders; ++s)
    for (int r = 0; r < receivers; ++r)
      make_friends(s_clients[static_cast<std::size_t>(s)], sender_name(s),
                   r_clients[static_cast<std::size_t>(r)], receiver_name(r));
  auto& owner = s_clients[0];
  std::int64_t group_id
    = ok_data(owner.call("group_create", {{"name", "everyone"}}))["group_id"];
  for (int s = 1; s < senders; ++s)
    ok_data(owner.call("group_add",
                       {{"group_id", group_id}, {"username", sender_name(s)}}));
  for (int r = 0; r < receivers; ++r)
    ok_data(owner.call(
      "group_add", {{"group_id", group_id}, {"username", receiver_name(r)}}));
  return group_id;
}

/// Returns how receiver `r`'s pushes are grouped into conversations: by
/// sender, and the group's as one.
std::string conversation_of(const json& push) {
  return push.contains("group_id") ? "group" : push["from"].get<std::string>();
}

} // namespace

TEST_CASE("every message answered ok survives a SIGKILL of the node, once "
          "and in order") {
  auto node = std::make_unique<node_process>(
    std::vector<std::string>{"--delivery.resend_interval=1s"});
  auto group_id = befriend_everyone(*node);
  ledger log;
  std::vector<sender_plan> plans(senders);
  // -- before the crash: receivers 0 and 1 online, receiver 2 offline ---------
  {
    std::vector<ws_client> online;
    for (int r = 0; r < 2; ++r)
      online.push_back(logged_in_again(node->port(), receiver_name(r)));
    std::vector<std::thread> threads;
    for (int r = 0; r < 2; ++r)
      threads.emplace_back([&, r] {
        run_online_receiver(online[static_cast<std::size_t>(r)], r, log);
      });
    for (int s = 0; s < senders; ++s)
      threads.emplace_back([&, s] {
        run_sender(node->port(), s, group_id,
                   plans[static_cast<std::size_t>(s)], log);
      });
    {
      std::unique_lock<std::mutex> guard{log.mtx};
      REQUIRE(log.changed.wait_for(
        guard, io_deadline, [&] { return log.answered_count >= total / 2; }));
    }
    node->kill_hard();
    for (auto& t : threads)
      t.join();
  }
  CHECK(log.answered_count < total);
  for (auto& f : log.faults)
    FAIL_CHECK(f);
  // -- after the restart: the senders finish, every receiver drains ----------
  auto again = node_process::restart_of(*node);
  {
    std::vector<std::thread> threads;
    for (int s = 0; s < senders; ++s)
      threads.emplace_back([&, s] {
        run_sender(again.port(), s, group_id,
                   plans[static_cast<std::size_t>(s)], log);
      });
    for (auto& t : threads)
      t.join();
  }
  for (auto& f : log.faults)
    FAIL_CHECK(f);
  REQUIRE(log.answered_count == total);
  for (int r = 0; r < receivers; ++r) {
    std::set<std::int64_t> expected;
    for (int s = 0; s < senders; ++s)
      for (auto t : {r, the_group})
        for (auto& [msg_id, body] : log.answered[{s, t}])
          expected.insert(msg_id);
    std::set<std::int64_t> seen;
    for (auto& push : log.received[r])
      seen.insert(push["id"].get<std::int64_t>());
    auto c = logged_in_again(again.port(), receiver_name(r));
    while (!std::includes(seen.begin(), seen.end(), expected.begin(),
                          expected.end())) {
      auto push = c.next_push("message");
      log.received[r].push_back(push);
      seen.insert(push["id"].get<std::int64_t>());
      c.ack(push);
    }
  }
  // -- the checks -------------------------------------------------------------
  for (int r = 0; r < receivers; ++r) {
    INFO("receiver " << r);
    // First sight of each id, in reading order, per conversation.
    std::set<std::int64_t> seen;
    std::map<std::string, std::vector<std::int64_t>> order;
    std::map<std::string, std::set<std::int64_t>> ids_of_body;
    for (auto& push : log.received[r]) {
      auto id = push["id"].get<std::int64_t>();
      ids_of_body[push["body"]].insert(id);
      if (seen.insert(id).second)
        order[conversation_of(push)].push_back(id);
    }
    // The group's messages, each once, in the group's order: the order
    // their ids were issued in.
    std::vector<std::int64_t> group_answered;
    for (int s = 0; s < senders; ++s)
      for (auto& [msg_id, body] : log.answered[{s, the_group}]) {
        group_answered.push_back(msg_id);
        CHECK(ids_of_body[body].size() == 1);
      }
    CHECK(group_answered.size() == senders * per_conversation);
    std::sort(group_answered.begin(), group_answered.end());
    CHECK(order["group"] == group_answered);
    for (int s = 0; s < senders; ++s) {
      INFO("sender " << s);
      std::vector<std::int64_t> answered;
      for (auto& [msg_id, body] : log.answered[{s, r}]) {
        answered.push_back(msg_id);
        // Stored once: a body never shows under two ids.
        CHECK(ids_of_body[body].size() == 1);
      }
      CHECK(answered.size() == per_conversation);
      // Exactly the answered messages, each once, in answer order.
      CHECK(order[sender_name(s)] == answered);
    }
  }
}
