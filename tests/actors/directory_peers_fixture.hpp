#pragma once

// Directories of three nodes on one test coordinator, wired as peers the
// way the cluster link wires them, with stand-ins for sessions and for the
// links between the directories (which count and can hold back what
// crosses): what directory_peers_test and directory_peer_links_test share.

#include "actors/directory.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <caf/event_based_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/atoms.hpp"
#include "actors/peer_messages.hpp"
#include "actors/push_envelope.hpp"
#include "tests/actors/actor_fixture.hpp"

namespace troupe::test::directory_peers {

using namespace troupe::actors;
using troupe::test::actor_fixture;

using uid_list = std::vector<protocol::user_id>;

/// What reached a stand-in session.
struct session_log {
  bool replaced = false;
  std::size_t resyncs = 0;
  std::vector<std::int64_t> pushes;
  /// The users of each `node_presence` (their node was lost, or is back),
  /// sorted.
  std::vector<std::vector<protocol::user_id>> lost;
  std::vector<std::vector<protocol::user_id>> back;
};

struct fake_session_state {
  std::shared_ptr<session_log> log;
  caf::response_promise handover;
};

/// Stands in for a session. Told `replaced`, it hands over at once, or with
/// `hold_handover` only once told `ok` (as while its acks are being
/// stored).
inline caf::behavior fake_session(caf::stateful_actor<fake_session_state>* self,
                                  std::shared_ptr<session_log> log,
                                  bool hold_handover) {
  self->state.log = std::move(log);
  return {
    [self, hold_handover](atoms::replaced_atom) {
      self->state.log->replaced = true;
      auto handover = self->make_response_promise();
      if (hold_handover) {
        self->state.handover = handover;
      } else {
        handover.deliver(true);
        self->quit();
      }
      return handover;
    },
    [self](caf::ok_atom) {
      self->state.handover.deliver(true);
      self->quit();
    },
    [self](atoms::push_atom, push_envelope& push) {
      self->state.log->pushes.push_back(push.push_id);
    },
    [self](atoms::resync_atom) { ++self->state.log->resyncs; },
    [self](atoms::node_presence_atom, const member_set& users, bool online) {
      std::vector<protocol::user_id> ids(users.ids->begin(), users.ids->end());
      std::sort(ids.begin(), ids.end());
      auto& log = *self->state.log;
      (online ? log.back : log.lost).push_back(std::move(ids));
    },
    [](atoms::shutdown_atom) {},
  };
}

inline uid_list sorted(const member_set& members) {
  uid_list ids(members.ids->begin(), members.ids->end());
  std::sort(ids.begin(), ids.end());
  return ids;
}

/// What one directory sent another's over their link.
struct link_log {
  /// `(relay, uid, push)` messages.
  std::size_t pushes = 0;
  /// The members of each `(relay, members, except, push)`.
  std::vector<uid_list> fan_outs;
  /// The members of each `(relay, resync, members)`.
  std::vector<uid_list> resyncs;
  /// Whether the link holds messages back, until its tap is told `ok`.
  bool held = false;

  std::size_t relays() const {
    return pushes + fan_outs.size() + resyncs.size();
  }
};

using tap_actor = peer_directory_actor::extend<caf::reacts_to<caf::ok_atom>>;

struct tap_state {
  std::vector<std::function<void()>> held;
};

/// Stands in for the link from one directory to another's: passes every
/// message on, counts the relays, holds messages back while the test says
/// so, and stops with the directory behind it (as a handle to a lost node
/// does).
inline tap_actor::behavior_type
link_tap(tap_actor::stateful_pointer<tap_state> self,
         peer_directory_actor target, std::shared_ptr<link_log> log) {
  self->link_to(target);
  auto pass = [self, log](std::function<void()> step) {
    if (log->held)
      self->state.held.push_back(std::move(step));
    else
      step();
  };
  return {
    [self, target, pass](atoms::peer_attach_atom, protocol::user_id uid,
                         std::int64_t login_time, node_number node,
                         const session_address& address) {
      auto verdict = self->make_response_promise<attach_verdict>();
      pass([=]() mutable {
        verdict.delegate(target, atoms::peer_attach_atom_v, uid, login_time,
                         node, address);
      });
      return verdict;
    },
    [self, target, pass](atoms::peer_detach_atom, protocol::user_id uid,
                         std::int64_t login_time, node_number node) {
      pass([=] {
        self->send(target, atoms::peer_detach_atom_v, uid, login_time, node);
      });
    },
    [self, target, pass](atoms::peer_sync_atom, node_number node,
                         const std::vector<remote_session>& sessions) {
      auto recorded = self->make_response_promise<bool>();
      pass([=]() mutable {
        recorded.delegate(target, atoms::peer_sync_atom_v, node, sessions);
      });
      return recorded;
    },
    [self, target, pass, log](atoms::relay_atom, protocol::user_id uid,
                              const push_envelope& push) {
      ++log->pushes;
      pass([=] { self->send(target, atoms::relay_atom_v, uid, push); });
    },
    [self, target, pass, log](atoms::relay_atom, const member_set& members,
                              protocol::user_id except,
                              const push_envelope& push) {
      log->fan_outs.push_back(sorted(members));
      pass([=] {
        self->send(target, atoms::relay_atom_v, members, except, push);
      });
    },
    [self, target, pass, log](atoms::relay_atom, atoms::resync_atom,
                              const member_set& members) {
      log->resyncs.push_back(sorted(members));
      pass([=] {
        self->send(target, atoms::relay_atom_v, atoms::resync_atom_v, members);
      });
    },
    [self](caf::ok_atom) {
      for (auto& step : std::exchange(self->state.held, {}))
        step();
    },
  };
}

constexpr std::size_t a = 0;
constexpr std::size_t b = 1;
constexpr std::size_t c = 2;

struct cluster_fixture : actor_fixture {
  static constexpr std::size_t nodes = 3;
  /// Directory `i` is node `i + 1`'s (so node numbers break ties: c's
  /// wins over b's, b's over a's).
  std::array<telemetry::metrics_ptr, nodes> metrics;
  std::array<directory_actor, nodes> dirs;
  struct link {
    tap_actor tap;
    std::shared_ptr<link_log> log;
  };
  /// The links, by (from, to).
  std::map<std::pair<std::size_t, std::size_t>, link> links;
  std::map<caf::actor_addr, std::shared_ptr<session_log>> logs;
  std::int64_t next_push_id = 1;

  cluster_fixture() {
    for (std::size_t i = 0; i < nodes; ++i)
      start(i);
  }

  static node_number node_of(std::size_t i) {
    return static_cast<node_number>(i + 1);
  }

  /// Starts directory `i` (again: a restart, with no peers).
  void start(std::size_t i) {
    metrics[i] = std::make_shared<telemetry::node_metrics>();
    dirs[i] = spawn(directory, node_of(i), metrics[i],
                    caf::timespan{std::chrono::seconds{5}});
  }

  /// Tells directory `from` that `to`'s node is linked, as the cluster link
  /// does, through a tap that logs what `from` sends `to`.
  link_log& link_up(std::size_t from, std::size_t to,
                    bool served_unlinked = false, bool held = false) {
    auto log = std::make_shared<link_log>();
    log->held = held;
    auto tap = spawn(link_tap, peer_directory_actor{dirs[to]}, log);
    links[{from, to}] = link{tap, log};
    caf::anon_send(dirs[from], atoms::peer_up_atom_v, node_of(to),
                   peer_directory_actor{tap}, served_unlinked);
    return *log;
  }

  /// Links every directory with every other.
  void link_all() {
    for (std::size_t from = 0; from < nodes; ++from)
      for (std::size_t to = 0; to < nodes; ++to)
        if (from != to)
          link_up(from, to);
    sched.run();
  }

  link_log& relays(std::size_t from, std::size_t to) {
    return *links.at({from, to}).log;
  }

  /// Passes on what the link from `from` to `to` held back.
  void release(std::size_t from, std::size_t to) {
    auto& held = links.at({from, to});
    held.log->held = false;
    caf::anon_send(held.tap, caf::ok_atom_v);
    sched.run();
  }

  std::size_t all_relays() const {
    std::size_t n = 0;
    for (auto& [ends, l] : links)
      n += l.log->relays();
    return n;
  }

  session_actor session(bool hold_handover = false) {
    auto log = std::make_shared<session_log>();
    auto s = spawn(fake_session, log, hold_handover);
    logs.emplace(s.address(), log);
    return caf::actor_cast<session_actor>(s);
  }

  session_log& log_of(const session_actor& s) { return *logs.at(s.address()); }

  /// Sends directory `i` an attach of `s` and returns where its answer
  /// lands; the test runs the scheduler.
  std::shared_ptr<std::optional<bool>> ask_attach(std::size_t i,
                                                  protocol::user_id uid,
                                                  const session_actor& s,
                                                  std::int64_t login_time) {
    auto answer = std::make_shared<std::optional<bool>>();
    auto dir = dirs[i];
    auto ip = "10.0.0." + std::to_string(node_of(i));
    auto port = static_cast<std::uint16_t>(4000 + uid);
    spawn([=](caf::event_based_actor* asker) {
      asker
        ->request(dir, std::chrono::seconds{60}, atoms::attach_atom_v, uid, s,
                  login_time, ip, port)
        .then([=](bool replaced_other) { *answer = replaced_other; });
    });
    return answer;
  }

  /// Attaches `s` at directory `i`; returns whether it replaced a session.
  bool attach(std::size_t i, protocol::user_id uid, const session_actor& s,
              std::int64_t login_time) {
    auto answer = ask_attach(i, uid, s, login_time);
    sched.run();
    REQUIRE(answer->has_value());
    return **answer;
  }

  /// The sessions push `id` reached.
  std::vector<caf::actor_addr> reached(std::int64_t id) {
    std::vector<caf::actor_addr> out;
    for (auto& [addr, log] : logs)
      if (std::count(log->pushes.begin(), log->pushes.end(), id) > 0)
        out.push_back(addr);
    return out;
  }

  /// Delivers a push for `uid` at directory `i`; returns the sessions it
  /// reached.
  std::vector<caf::actor_addr> deliver(std::size_t i, protocol::user_id uid) {
    auto id = next_push_id++;
    self->send(dirs[i], atoms::deliver_atom_v, uid, push_envelope{id, nullptr});
    sched.run();
    return reached(id);
  }

  std::vector<caf::actor_addr> fan_out(std::size_t i, const uid_list& members,
                                       protocol::user_id except) {
    auto id = next_push_id++;
    auto ids = std::make_shared<std::unordered_set<protocol::user_id>>(
      members.begin(), members.end());
    self->send(dirs[i], atoms::fan_out_atom_v, member_set{ids}, except,
               push_envelope{id, nullptr});
    sched.run();
    return reached(id);
  }

  std::vector<session_address> online(std::size_t i, const uid_list& uids) {
    self->send(dirs[i], atoms::online_atom_v, user_list{uids});
    sched.run();
    std::vector<session_address> out;
    self->receive([&](std::vector<session_address>& where) { out = where; },
                  or_fail());
    return out;
  }

  bool online(std::size_t i, protocol::user_id uid) {
    auto where = online(i, uid_list{uid});
    REQUIRE(where.size() == 1);
    return where[0].online;
  }

  static std::vector<caf::actor_addr> only(const session_actor& s) {
    return {s.address()};
  }
};

} // namespace troupe::test::directory_peers
