// Group actors on the test coordinator, with real sessions, directory, hub
// and persistence worker over a real SQLite file: fan-out to online
// members, role and state rules, restart after a crash, idle stop, and the
// offline members' backlog and positions.

#include "actors/group_actor.hpp"

#include "tests/actors/group_fixture.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::actors;
using troupe::test::error_of;
using troupe::test::group_fixture;
using troupe::test::ids;
using troupe::test::json;
using troupe::test::msg_id_of;

TEST_CASE_FIXTURE(group_fixture,
                  "a group message reaches every online member but its "
                  "sender") {
  auto alice = open("alice");
  auto bob = open("bob");
  auto carol = open("carol");
  auto id = msg_id_of(send_text(bob, "hello"));
  CHECK(pushed(alice) == ids{id});
  CHECK(pushed(carol) == ids{id});
  CHECK(pushed(bob).empty());
  // dave is offline: the message waits in storage, one row for all.
  auto dave = open("dave");
  CHECK(pushed(dave) == ids{id});
}

TEST_CASE_FIXTURE(group_fixture,
                  "one group's messages reach each member in one order") {
  auto alice = open("alice");
  auto bob = open("bob");
  auto carol = open("carol");
  ids sent;
  for (int i = 0; i < 10; ++i) {
    sent.push_back(msg_id_of(send_text(alice, "a" + std::to_string(i))));
    sent.push_back(msg_id_of(send_text(bob, "b" + std::to_string(i))));
  }
  CHECK(pushed(carol) == sent);
  CHECK(std::is_sorted(sent.begin(), sent.end()));
}

TEST_CASE_FIXTURE(group_fixture, "roles and states decide who may do what") {
  auto alice = open("alice");
  auto bob = open("bob");
  auto carol = open("carol");
  CHECK(error_of(call(bob, "group_set_state", {{"state", "muted"}}))
        == "forbidden");
  CHECK(error_of(call(bob, "group_kick", {{"username", "carol"}}))
        == "forbidden");
  CHECK(call(alice, "group_set_role",
             {{"username", "bob"}, {"role", "admin"}})["type"]
        == "ok");
  CHECK(error_of(call(bob, "group_kick", {{"username", "alice"}}))
        == "forbidden");
  CHECK(error_of(call(bob, "group_set_role",
                      {{"username", "carol"}, {"role", "admin"}}))
        == "forbidden");
  CHECK(call(alice, "group_set_state", {{"state", "admins_only"}})["type"]
        == "ok");
  CHECK(error_of(send_text(carol, "x")) == "group_muted");
  msg_id_of(send_text(bob, "admins may"));
  CHECK(call(alice, "group_set_state", {{"state", "muted"}})["type"] == "ok");
  CHECK(error_of(send_text(alice, "x")) == "group_muted");
  CHECK(error_of(call(alice, "group_leave")) == "owner_cannot_leave");
  CHECK(call(alice, "group_set_state", {{"state", "dissolved"}})["type"]
        == "ok");
  CHECK(error_of(send_text(bob, "x")) == "group_dissolved");
  CHECK(error_of(call(alice, "group_set_state", {{"state", "normal"}}))
        == "group_dissolved");
  // Each change reached every member as a `group_update`, carol included.
  CHECK(pushed(carol, "group_update").size() == 4);
}

TEST_CASE_FIXTURE(group_fixture,
                  "a crashed group actor is started again and loses no "
                  "stored message") {
  auto alice = open("alice");
  auto bob = open("bob");
  auto first = msg_id_of(send_text(alice, "before"));
  CHECK(pushed(bob) == ids{first});
  ack(bob, first);
  pass(1s);
  auto crashed = group_actor_now();
  REQUIRE(crashed);
  caf::anon_send_exit(crashed, caf::exit_reason::kill);
  sched.run();
  CHECK(!alive(crashed));
  CHECK(!group_actor_now());
  // What a crash between a commit and its fan-out leaves: a message stored
  // that no online member got.
  auto lost = store_unsent("carol", "lost");
  auto second = msg_id_of(send_text(alice, "after"));
  auto restarted = group_actor_now();
  CHECK(restarted);
  CHECK(restarted != crashed);
  // bob gets it, before what came after it; his position never skips it.
  CHECK(pushed(bob) == ids{lost.msg_id, second});
  ack(bob, second);
  pass(1s);
  CHECK(position_of("bob") == lost.msg_id - 1);
  ack(bob, lost.msg_id);
  pass(1s);
  CHECK(position_of("bob") == second);
  auto dave = open("dave");
  CHECK(pushed(dave) == ids{first, lost.msg_id, second});
}

TEST_CASE_FIXTURE(group_fixture,
                  "a group actor whose store call goes unanswered fails, and "
                  "its successor has the online members read again") {
  ctx->request_timeout = 5s;
  auto alice = open("alice");
  auto bob = open("bob");
  auto first = msg_id_of(send_text(alice, "first"));
  CHECK(pushed(bob) == ids{first});
  auto stuck = group_actor_now();
  // The worker takes the call and never answers.
  auto worker = sys.registry().get(names::persistence(0).name);
  sys.registry().erase(names::persistence(0).name); // put() keeps an entry
  sys.registry().put(
    names::persistence(0).name, spawn([]() -> caf::behavior {
      return {[](atoms::run_atom, storage_job&) -> caf::result<storage_answer> {
        return caf::skip;
      }};
    }));
  caf::anon_send(alice.actor, atoms::frame_atom_v,
                 json{{"id", "stuck"},
                      {"type", "group_send"},
                      {"group_id", group},
                      {"kind", "text"},
                      {"body", "stuck"}}
                   .dump());
  sched.run();
  pass(5s);
  auto frames = alice.conn->take();
  REQUIRE(frames.size() == 1);
  CHECK(error_of(frames[0]) == "unavailable");
  CHECK(!alive(stuck));
  // Later the store did commit it after all.
  sys.registry().erase(names::persistence(0).name);
  sys.registry().put(names::persistence(0).name, worker);
  auto late = store_unsent("alice", "stuck");
  auto after = msg_id_of(send_text(alice, "after"));
  CHECK(pushed(bob) == ids{late.msg_id, after});
}

TEST_CASE_FIXTURE(group_fixture,
                  "a restarted hub has every online member read their "
                  "backlog again") {
  auto bob = open("bob");
  // A message its group actor stored, then lost with its hub.
  auto lost = store_unsent("carol", "lost");
  CHECK(pushed(bob).empty());
  auto successor
    = spawn(group_hub, context_ptr{ctx}, domain::group_host{}, true);
  sched.run();
  CHECK(pushed(bob) == ids{lost.msg_id});
  // A hub started for the first time leaves the sessions alone (a read
  // again would bring the message back: its ack has not moved bob's
  // position yet).
  ack(bob, lost.msg_id);
  caf::anon_send_exit(successor, caf::exit_reason::kill);
  spawn(group_hub, context_ptr{ctx}, domain::group_host{}, false);
  sched.run();
  CHECK(pushed(bob).empty());
}

TEST_CASE_FIXTURE(group_fixture,
                  "after a restart of a cluster node's hub, each group's "
                  "first actor has its members read their backlog again") {
  ctx->cluster_node = 0;
  auto alice = open("alice");
  auto bob = open("bob");
  auto successor
    = spawn(group_hub, context_ptr{ctx}, domain::group_host{}, true);
  sys.registry().erase(names::groups.name);
  sys.registry().put(names::groups.name, successor);
  sched.run();
  // What the lost actor stored and never handed out to members elsewhere
  // in the cluster, whom this node's resync does not reach (here: stored
  // after it, for the test to tell the two apart).
  auto lost = store_unsent("carol", "lost");
  auto after = msg_id_of(send_text(alice, "after"));
  CHECK(pushed(bob) == ids{lost.msg_id, after});
  // Only the first actor: one started after it went idle leaves the
  // members alone.
  store_unsent("carol", "unsent");
  pass(61s);
  CHECK(!group_actor_on(successor, group));
  auto later = msg_id_of(send_text(alice, "later"));
  CHECK(pushed(bob) == ids{later});
}

TEST_CASE_FIXTURE(group_fixture,
                  "an idle group actor stops, and the next request starts "
                  "it again") {
  auto alice = open("alice");
  msg_id_of(send_text(alice, "hello"));
  auto first = group_actor_now();
  REQUIRE(first);
  pass(59s);
  CHECK(alive(first));
  pass(2s);
  CHECK(!alive(first));
  CHECK(!group_actor_now());
  // Nothing keeps its memory but this test's own reference: no monitor of
  // it is left on the hub (CAF frees an actor's memory with its last weak
  // reference, and a group id a client makes up starts an actor too).
  auto address = first.address();
  first = nullptr;
  CHECK(address.get()->weak_refs == 1);
  msg_id_of(send_text(alice, "again"));
  CHECK(group_actor_now());
}

TEST_CASE_FIXTURE(group_fixture,
                  "an offline member's backlog comes in order, merged with "
                  "their own pushes, and acks move their position") {
  auto alice = open("alice");
  auto m1 = msg_id_of(send_text(alice, "one"));
  // A private push for dave between the two group messages.
  auto own = ctx->ids->next();
  REQUIRE(db->push_store(
    uid["dave"], {own, json{{"type", "system"}, {"id", own}}.dump(), 0}));
  auto m2 = msg_id_of(send_text(alice, "two"));
  auto dave = open("dave");
  auto frames = dave.conn->take();
  REQUIRE(frames.size() == 4);
  CHECK(frames[0]["type"] == "welcome");
  CHECK(frames[1]["id"] == m1);
  CHECK(frames[2]["id"] == own);
  CHECK(frames[3]["id"] == m2);
  CHECK(frames[3]["group_id"] == group);
  ack(dave, m1);
  ack(dave, own);
  pass(1s);
  CHECK(position_of("dave") == m1);
  ack(dave, m2);
  pass(1s);
  CHECK(position_of("dave") == m2);
  CHECK(db->pushes_after(uid["dave"], 0, 10)->empty());
  caf::anon_send_exit(dave.actor, caf::exit_reason::kill);
  sched.run();
  auto again = open("dave");
  CHECK(pushed(again).empty());
}

TEST_CASE_FIXTURE(group_fixture,
                  "a position never passes an unacknowledged message") {
  auto alice = open("alice");
  auto bob = open("bob");
  auto m1 = msg_id_of(send_text(alice, "one"));
  auto m2 = msg_id_of(send_text(alice, "two"));
  auto m3 = msg_id_of(send_text(alice, "three"));
  CHECK(pushed(bob) == ids{m1, m2, m3});
  ack(bob, m1);
  ack(bob, m3);
  pass(1s);
  CHECK(position_of("bob") == m2 - 1);
  ack(bob, m2);
  pass(1s);
  CHECK(position_of("bob") == m3);
}

TEST_CASE_FIXTURE(group_fixture,
                  "a message a member acked does not come again to the "
                  "session that replaces theirs, whichever runs first") {
  auto alice = open("alice");
  auto bob = open("bob");
  auto m1 = msg_id_of(send_text(alice, "one"));
  auto m2 = msg_id_of(send_text(alice, "two"));
  CHECK(pushed(bob) == ids{m1, m2});
  // The ack moves bob's position only on a timer that never comes here:
  // the replaced session must store it on its way out.
  ack(bob, m1);
  auto again = start("bob");
  // The new session asks the store as early as it may.
  run_newest_first();
  CHECK(pushed(again) == ids{m2});
  CHECK(bob.conn->closed_with() == net::close_code::normal);
}
