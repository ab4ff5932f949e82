// Directories of three nodes wired as peers (directory_peers_fixture.hpp):
// sessions that go, nodes lost and linked again, what `online` answers,
// and relays that stay where they land.

#include "tests/actors/directory_peers_fixture.hpp"

using namespace troupe;
using namespace troupe::actors;
using namespace troupe::test::directory_peers;
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
