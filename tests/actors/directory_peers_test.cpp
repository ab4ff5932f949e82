// Directories of three nodes wired as peers (directory_peers_fixture.hpp):
// where sessions are, replace across nodes, and pushes relayed once per
// node.

#include "tests/actors/directory_peers_fixture.hpp"

using namespace troupe;
using namespace troupe::actors;
using namespace troupe::test::directory_peers;

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
