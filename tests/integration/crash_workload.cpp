#include "tests/integration/crash_workload.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "tests/integration/helpers.hpp"

namespace troupe::test::crash {

namespace {

/// How often a request answered `unavailable` is sent again.
constexpr int max_tries = 20;

bool is_unavailable(const json& reply) {
  return reply["type"] == "error" && reply["code"] == "unavailable";
}

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

/// Returns how receiver `r`'s pushes are grouped into conversations: by
/// sender, and the group's as one.
std::string conversation_of(const json& push) {
  return push.contains("group_id") ? "group" : push["from"].get<std::string>();
}

} // namespace

std::string sender_name(int s) {
  return "sender" + std::to_string(s);
}

std::string receiver_name(int r) {
  return "receiver" + std::to_string(r);
}

void ledger::fault(std::string what) {
  std::lock_guard<std::mutex> guard{mtx};
  faults.push_back(std::move(what));
}

void ledger::answer(int s, int r, std::int64_t msg_id,
                    const std::string& body) {
  std::lock_guard<std::mutex> guard{mtx};
  answered[{s, r}].emplace_back(msg_id, body);
  ++answered_count;
  changed.notify_all();
}

void ledger::receive(int r, json push) {
  std::lock_guard<std::mutex> guard{mtx};
  received[r].push_back(std::move(push));
}

bool ledger::half_answered() {
  std::unique_lock<std::mutex> guard{mtx};
  return changed.wait_for(guard, io_deadline,
                          [&] { return answered_count >= total / 2; });
}

void run_sender(std::uint16_t port, int s, std::int64_t group_id,
                sender_plan& plan, ledger& log) {
  try {
    auto c = logged_in_again(port, sender_name(s));
    auto send = [&](json request) {
      plan.pending = request;
      auto reply = c.request(request);
      for (int tries = 1; tries < max_tries && is_unavailable(reply); ++tries)
        reply = c.request(request);
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

std::int64_t befriend_everyone(std::uint16_t port) {
  std::vector<ws_client> s_clients;
  std::vector<ws_client> r_clients;
  for (int s = 0; s < senders; ++s)
    s_clients.push_back(logged_in(port, sender_name(s)));
  for (int r = 0; r < receivers; ++r)
    r_clients.push_back(logged_in(port, receiver_name(r)));
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

void check_deliveries(ledger& log,
                      const std::function<std::uint16_t(int)>& port_of) {
  for (int r = 0; r < receivers; ++r) {
    std::set<std::int64_t> expected;
    for (int s = 0; s < senders; ++s)
      for (auto t : {r, the_group})
        for (auto& [msg_id, body] : log.answered[{s, t}])
          expected.insert(msg_id);
    std::set<std::int64_t> seen;
    for (auto& push : log.received[r])
      seen.insert(push["id"].get<std::int64_t>());
    auto c = logged_in_again(port_of(r), receiver_name(r));
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

} // namespace troupe::test::crash
