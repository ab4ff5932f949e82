// Directories of three nodes on one test coordinator, wired as peers the
// way the cluster link wires them: where sessions are, replace across
// nodes, pushes relayed once per node, and node loss.

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

using namespace troupe;
using namespace troupe::actors;
using troupe::test::actor_fixture;

namespace {

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
caf::behavior fake_session(caf::stateful_actor<fake_session_state>* self,
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

uid_list sorted(const member_set& members) {
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
tap_actor::behavior_type link_tap(tap_actor::stateful_pointer<tap_state> self,
                                  peer_directory_actor target,
                                  std::shared_ptr<link_log> log) {
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

} // namespace

TEST_CASE_FIXTURE(cluster_fixture,
                  "a push for a user on another node goes through one relay") {
  link_all();
  auto s = session();
  CHECK(!attach(b, 7, s, 100));
  CHECK(deliver(a, 7) == only(s));
  CHECK(relays(a, b).pushes == 1);
  CHECK(all_relays() == 1);
  CHECK(deliver(b, 7) == only(s)); // its own node: no relay
  CHECK(deliver(c, 8).empty());    // offline: stored pushes wait for login
  CHECK(all_relays() == 1);
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "a fan-out sends one relay to each node holding members") {
  link_all();
  std::map<protocol::user_id, session_actor> member;
  auto place = [&](std::size_t i, protocol::user_id uid) {
    member[uid] = session();
    attach(i, uid, member[uid], 100);
  };
  for (auto uid : {1, 2, 3})
    place(a, uid);
  for (auto uid : {4, 5, 6})
    place(b, uid);
  for (auto uid : {7, 8})
    place(c, uid);
  place(c, 50); // online, not a member
  auto addresses = [&](uid_list uids) {
    std::vector<caf::actor_addr> out;
    for (auto uid : uids)
      out.push_back(member[uid].address());
    std::sort(out.begin(), out.end());
    return out;
  };
  auto got = fan_out(a, {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1);
  std::sort(got.begin(), got.end());
  CHECK(got == addresses({2, 3, 4, 5, 6, 7, 8}));
  REQUIRE(relays(a, b).fan_outs.size() == 1);
  CHECK(relays(a, b).fan_outs[0] == uid_list{4, 5, 6});
  REQUIRE(relays(a, c).fan_outs.size() == 1);
  CHECK(relays(a, c).fan_outs[0] == uid_list{7, 8});
  CHECK(all_relays() == 2); // and nobody passes a relay on
  // Many members, few online (the walk goes over who is online), and the
  // sender on another node.
  uid_list many;
  for (protocol::user_id uid = 1; uid <= 200; ++uid)
    if (uid != 50)
      many.push_back(uid);
  got = fan_out(a, many, 4);
  std::sort(got.begin(), got.end());
  CHECK(got == addresses({1, 2, 3, 5, 6, 7, 8}));
  REQUIRE(relays(a, b).fan_outs.size() == 2);
  CHECK(relays(a, b).fan_outs[1] == uid_list{5, 6});
  CHECK(relays(a, c).fan_outs.size() == 2);
  // Only the sender on a node: that node hears nothing.
  fan_out(a, {1, 4}, 4);
  CHECK(relays(a, b).fan_outs.size() == 2);
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "a later login on another node replaces the session, and "
                  "its attach answers once the old one handed over") {
  link_all();
  auto old_session = session(true);
  CHECK(!attach(a, 7, old_session, 100));
  auto new_session = session();
  auto answer = ask_attach(b, 7, new_session, 200);
  sched.run();
  CHECK(log_of(old_session).replaced);
  CHECK(!answer->has_value()); // the old one's acks are being stored
  // Pushes already go to the new session, which holds them until it has
  // read its backlog.
  CHECK(deliver(a, 7) == only(new_session));
  CHECK(deliver(c, 7) == only(new_session));
  caf::anon_send(caf::actor_cast<caf::actor>(old_session), caf::ok_atom_v);
  sched.run();
  REQUIRE(answer->has_value());
  CHECK(**answer);
  CHECK(!log_of(new_session).replaced);
  CHECK(online(a, uid_list{7})[0].ip == "10.0.0.2");
  CHECK(metrics[a]->sessions_online == 0);
  CHECK(metrics[a]->cluster_remote_sessions == 1);
  CHECK(metrics[b]->sessions_online == 1);
  CHECK(metrics[b]->cluster_remote_sessions == 0);
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "two logins racing on two nodes leave the later one") {
  link_all();
  protocol::user_id uid = 100;
  for (auto tie : {false, true})
    for (std::size_t later : {a, b})
      for (auto later_asks_first : {false, true})
        for (auto newest_first : {false, true}) {
          // At the same instant, the higher node number wins.
          if (tie && later == a)
            continue;
          ++uid;
          auto earlier = later == a ? b : a;
          CAPTURE(uid);
          auto winner = session();
          auto loser = session();
          std::shared_ptr<std::optional<bool>> winner_answer;
          std::shared_ptr<std::optional<bool>> loser_answer;
          auto ask_winner
            = [&] { winner_answer = ask_attach(later, uid, winner, 200); };
          auto ask_loser = [&] {
            loser_answer = ask_attach(earlier, uid, loser, tie ? 200 : 100);
          };
          if (later_asks_first) {
            ask_winner();
            ask_loser();
          } else {
            ask_loser();
            ask_winner();
          }
          if (newest_first)
            run_newest_first();
          else
            sched.run();
          REQUIRE(winner_answer->has_value());
          REQUIRE(loser_answer->has_value());
          CHECK(!**loser_answer);
          CHECK(log_of(loser).replaced);
          CHECK(!log_of(winner).replaced);
          for (auto i : {a, b, c}) {
            CHECK(deliver(i, uid) == only(winner));
            CHECK(online(i, uid));
          }
        }
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "an earlier login attaching on another node is stale") {
  link_all();
  auto newer = session();
  auto stale = session();
  CHECK(!attach(b, 7, newer, 200));
  CHECK(!attach(a, 7, stale, 100));
  CHECK(log_of(stale).replaced);
  CHECK(!log_of(newer).replaced);
  for (auto i : {a, b, c})
    CHECK(deliver(i, 7) == only(newer));
  CHECK(metrics[a]->sessions_online == 0);
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "an attach another node calls stale closes before this "
                  "node hears of the later login") {
  link_all();
  // c's news of its session is late to reach a; b has it already.
  relays(c, a).held = true;
  auto newer = session();
  auto stale = session(true); // closing, it still holds its acks
  auto newer_answer = ask_attach(c, 7, newer, 200);
  sched.run();
  CHECK(online(b, 7));
  CHECK(!online(a, 7));
  CHECK(!attach(a, 7, stale, 100));
  CHECK(log_of(stale).replaced);
  CHECK(metrics[a]->sessions_online == 0);
  CHECK(deliver(a, 7).empty());
  CHECK(deliver(b, 7) == only(newer)); // b did not take the stale one
  release(c, a);
  REQUIRE(newer_answer->has_value());
  CHECK(!**newer_answer);
  CHECK(!log_of(newer).replaced);
  for (auto i : {a, b, c})
    CHECK(deliver(i, 7) == only(newer));
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "a session that gave way is forgotten where it was "
                  "recorded") {
  link_all();
  // Neither a nor c has heard of b's later login: c records a's earlier
  // one, b calls it stale.
  relays(b, a).held = true;
  relays(b, c).held = true;
  auto newer = session();
  auto stale = session();
  auto newer_answer = ask_attach(b, 7, newer, 200);
  sched.run();
  CHECK(!attach(a, 7, stale, 100));
  CHECK(log_of(stale).replaced);
  CHECK(!online(c, 7));
  release(b, a);
  release(b, c);
  REQUIRE(newer_answer->has_value());
  for (auto i : {a, b, c})
    CHECK(deliver(i, 7) == only(newer));
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "an attach answers only once the other nodes recorded it, "
                  "so a push there afterwards is relayed") {
  link_all();
  relays(a, b).held = true;
  auto s = session();
  auto answer = ask_attach(a, 7, s, 100);
  sched.run();
  // b has not heard of the session: a push stored there now is in the
  // backlog the session reads once its attach answers.
  CHECK(!answer->has_value());
  CHECK(!online(b, 7));
  release(a, b);
  REQUIRE(answer->has_value());
  CHECK(!**answer);
  CHECK(deliver(b, 7) == only(s));
  CHECK(relays(b, a).pushes == 1);
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "a node that does not answer an attach in time neither "
                  "replaces nor refuses it") {
  link_all();
  relays(a, b).held = true;
  auto s = session();
  auto answer = ask_attach(a, 7, s, 100);
  sched.run();
  CHECK(!answer->has_value());
  sched.advance_time(std::chrono::seconds{5});
  sched.run();
  REQUIRE(answer->has_value());
  CHECK(!**answer);
  CHECK(!log_of(s).replaced);
  CHECK(deliver(a, 7) == only(s));
  CHECK(deliver(c, 7) == only(s));
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "a node that served unlinked has this node's sessions read "
                  "their backlog once it holds them") {
  auto first = session();
  auto second = session();
  auto theirs = session();
  attach(a, 1, first, 100);
  attach(a, 2, second, 100);
  attach(b, 3, theirs, 100);
  link_up(a, b, true, true);
  sched.run();
  // b may have stored pushes for them; until it holds a's sessions it
  // would store more without relaying them.
  CHECK(log_of(first).resyncs == 0);
  CHECK(log_of(second).resyncs == 0);
  release(a, b);
  CHECK(log_of(first).resyncs == 1);
  CHECK(log_of(second).resyncs == 1);
  CHECK(log_of(theirs).resyncs == 0);
  CHECK(online(b, 1));
  CHECK(online(b, 2));
  // A node that served nobody while unlinked: nothing to read again.
  link_up(a, c);
  sched.run();
  CHECK(online(c, 1));
  CHECK(log_of(first).resyncs == 1);
  CHECK(log_of(second).resyncs == 1);
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "linking two nodes that both hold a session of a user keeps "
                  "the later login") {
  auto older_a = session();
  auto newer_b = session();
  auto newer_a = session();
  auto older_b = session();
  attach(a, 7, older_a, 100);
  attach(b, 7, newer_b, 200);
  attach(a, 8, newer_a, 200);
  attach(b, 8, older_b, 100);
  link_all();
  CHECK(log_of(older_a).replaced);
  CHECK(log_of(older_b).replaced);
  CHECK(!log_of(newer_a).replaced);
  CHECK(!log_of(newer_b).replaced);
  for (auto i : {a, b, c}) {
    CHECK(deliver(i, 7) == only(newer_b));
    CHECK(deliver(i, 8) == only(newer_a));
  }
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "a session that goes is forgotten on every node") {
  link_all();
  auto leaving = session();
  auto stopping = session();
  attach(b, 7, leaving, 100);
  attach(b, 8, stopping, 100);
  CHECK(online(a, 7));
  CHECK(online(c, 8));
  self->send(dirs[b], atoms::detach_atom_v, protocol::user_id{7}, leaving);
  sched.run();
  self->receive([](bool was_live) { CHECK(was_live); }, or_fail());
  caf::anon_send_exit(stopping, caf::exit_reason::user_shutdown);
  sched.run();
  for (auto i : {a, c}) {
    CHECK(!online(i, 7));
    CHECK(!online(i, 8));
  }
  CHECK(metrics[a]->cluster_remote_sessions == 0);
  // A session replaced from another node goes without a word: news of its
  // end must not erase its successor.
  auto first = session();
  auto second = session();
  attach(b, 9, first, 100);
  attach(a, 9, second, 200);
  caf::anon_send(dirs[c], atoms::peer_detach_atom_v, protocol::user_id{9},
                 std::int64_t{100}, node_of(b));
  sched.run();
  CHECK(deliver(c, 9) == only(second));
  CHECK(deliver(b, 9) == only(second));
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "a lost node's sessions are forgotten, the others' kept") {
  link_all();
  auto on_a = session();
  auto on_b = session();
  attach(a, 1, on_a, 100);
  attach(b, 2, on_b, 100);
  CHECK(online(c, 2));
  CHECK(metrics[c]->cluster_remote_sessions == 2);
  caf::anon_send_exit(dirs[b], caf::exit_reason::kill);
  sched.run();
  for (auto i : {a, c}) {
    CHECK(!online(i, 2));
    CHECK(deliver(i, 2).empty());
  }
  CHECK(online(c, 1));
  CHECK(deliver(c, 1) == only(on_a));
  CHECK(metrics[c]->cluster_remote_sessions == 1);
  // Its directory restarted, the node is linked again: its sessions
  // attach again and are found.
  start(b);
  link_up(a, b);
  link_up(c, b);
  link_up(b, a);
  link_up(b, c);
  sched.run();
  attach(b, 2, on_b, 100);
  CHECK(deliver(a, 2) == only(on_b));
  CHECK(deliver(b, 1) == only(on_a));
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "sessions hear which users a lost node took with it") {
  link_all();
  auto on_a = session();
  auto on_c = session();
  attach(a, 1, on_a, 100);
  attach(c, 4, on_c, 100);
  auto two = session();
  auto three = session();
  attach(b, 2, two, 100);
  attach(b, 3, three, 100);
  SUBCASE("the node is lost: its users are offline") {
    caf::anon_send_exit(dirs[b], caf::exit_reason::remote_link_unreachable);
    sched.run();
    using lists = std::vector<std::vector<protocol::user_id>>;
    CHECK(log_of(on_a).lost == lists{{2, 3}});
    CHECK(log_of(on_c).lost == lists{{2, 3}});
    CHECK(log_of(on_a).back.empty());
  }
  SUBCASE("a node lost and linked again: its users are back") {
    caf::anon_send_exit(dirs[b], caf::exit_reason::remote_link_unreachable);
    sched.run();
    using lists = std::vector<std::vector<protocol::user_id>>;
    CHECK(log_of(on_a).lost == lists{{2, 3}});
    // It comes back with its sessions, and links to a (not yet to c).
    start(b);
    attach(b, 2, two, 100);
    attach(b, 3, three, 100);
    link_up(a, b, true);
    link_up(b, a, true);
    sched.run();
    CHECK(log_of(on_a).back == lists{{2, 3}});
    CHECK(log_of(on_c).back.empty());
  }
  SUBCASE("only its directory stopped: its sessions attach again") {
    caf::anon_send_exit(dirs[b], caf::exit_reason::kill);
    sched.run();
    CHECK(log_of(on_a).lost.empty());
    CHECK(log_of(on_c).lost.empty());
  }
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "a linked node's new directory replaces what its "
                  "predecessor announced") {
  link_all();
  auto s = session();
  attach(b, 2, s, 100);
  CHECK(online(a, 2));
  // b's directory restarted; a hears of the new one before it notices the
  // old one stop.
  start(b);
  link_up(a, b);
  sched.run();
  CHECK(!online(a, 2));
  CHECK(metrics[a]->cluster_remote_sessions == 0);
  CHECK(online(c, 2)); // c has not heard yet
}

TEST_CASE_FIXTURE(cluster_fixture, "online answers for every node") {
  link_all();
  auto on_a = session();
  auto on_b = session();
  auto on_c = session();
  attach(a, 1, on_a, 100);
  attach(b, 2, on_b, 100);
  attach(c, 3, on_c, 100);
  auto where = online(a, {1, 2, 3, 4});
  REQUIRE(where.size() == 4);
  CHECK(where[0].online);
  CHECK(where[0].ip == "10.0.0.1");
  CHECK(where[1].online);
  CHECK(where[1].ip == "10.0.0.2");
  CHECK(where[1].port == 4002);
  CHECK(where[2].online);
  CHECK(where[2].ip == "10.0.0.3");
  CHECK(!where[3].online);
  CHECK(metrics[a]->sessions_online == 1);
  CHECK(metrics[a]->cluster_remote_sessions == 2);
}

TEST_CASE_FIXTURE(cluster_fixture,
                  "resyncing members reaches every node once, everyone stays "
                  "local") {
  link_all();
  std::map<protocol::user_id, session_actor> s;
  std::size_t where[] = {a, b, c, b};
  for (protocol::user_id uid = 1; uid <= 4; ++uid) {
    s[uid] = session();
    attach(where[uid - 1], uid, s[uid], 100);
  }
  self->send(dirs[a], atoms::resync_atom_v,
             member_set{std::make_shared<std::unordered_set<protocol::user_id>>(
               std::unordered_set<protocol::user_id>{1, 2, 3})});
  sched.run();
  CHECK(log_of(s[1]).resyncs == 1);
  CHECK(log_of(s[2]).resyncs == 1);
  CHECK(log_of(s[3]).resyncs == 1);
  CHECK(log_of(s[4]).resyncs == 0);
  REQUIRE(relays(a, b).resyncs.size() == 1);
  CHECK(relays(a, b).resyncs[0] == uid_list{2});
  REQUIRE(relays(a, c).resyncs.size() == 1);
  CHECK(relays(a, c).resyncs[0] == uid_list{3});
  self->send(dirs[a], atoms::resync_atom_v);
  sched.run();
  CHECK(log_of(s[1]).resyncs == 2);
  CHECK(log_of(s[2]).resyncs == 1);
  CHECK(all_relays() == 2);
}

TEST_CASE_FIXTURE(cluster_fixture, "a relayed push is never passed on") {
  link_all();
  auto s = session();
  attach(b, 7, s, 100);
  auto id = next_push_id++;
  auto seven
    = member_set{std::make_shared<std::unordered_set<protocol::user_id>>(
      std::unordered_set<protocol::user_id>{7})};
  self->send(dirs[a], atoms::relay_atom_v, protocol::user_id{7},
             push_envelope{id, nullptr});
  self->send(dirs[a], atoms::relay_atom_v, seven, protocol::user_id{0},
             push_envelope{id, nullptr});
  self->send(dirs[a], atoms::relay_atom_v, atoms::resync_atom_v, seven);
  sched.run();
  CHECK(reached(id).empty());
  CHECK(log_of(s).resyncs == 0);
  CHECK(all_relays() == 0);
}
