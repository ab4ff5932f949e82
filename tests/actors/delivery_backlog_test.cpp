// The stored backlog a session reads after login, on the test coordinator
// with a real persistence worker over a real SQLite file: oldest first,
// merged with live pushes that arrive meanwhile, none lost or twice, in
// pages as acks make room.

#include "actors/delivery.hpp"

#include "tests/actors/delivery_fixture.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::actors;
using troupe::test::delivery_fixture;
using troupe::test::ids;
using troupe::test::recording_connection;
using troupe::test::test_call_deadline;
using json = nlohmann::json;

TEST_CASE_FIXTURE(delivery_fixture,
                  "stored pushes come at login, oldest first, after welcome") {
  stored(30);
  stored(10);
  stored(20);
  auto s = open();
  auto frames = s.conn->take();
  REQUIRE(frames.size() == 4);
  CHECK(frames[0]["type"] == "welcome");
  CHECK(frames[1]["id"] == 10);
  CHECK(frames[2]["id"] == 20);
  CHECK(frames[3]["id"] == 30);
}

TEST_CASE_FIXTURE(delivery_fixture,
                  "live pushes during the backlog come after it, none twice") {
  stored(10);
  auto both = stored(20); // stored, and routed live while the backlog loads
  auto conn = std::make_shared<recording_connection>();
  auto a = spawn(user_actor, std::shared_ptr<net::connection>{conn},
                 context_ptr{ctx},
                 std::optional<protocol::token_claims>{{alice, "alice"}});
  // Both arrive before the session has read its backlog.
  caf::anon_send(a, atoms::push_atom_v, push_envelope{20, both});
  caf::anon_send(a, atoms::push_atom_v,
                 push_envelope{25, std::make_shared<const std::string>(
                                     json{{"id", 25}}.dump())});
  sched.run();
  session s{a, conn};
  CHECK(pushed_ids(s) == ids{10, 20, 25});
}

TEST_CASE_FIXTURE(delivery_fixture,
                  "live pushes past the bound while the backlog is read are "
                  "read from the store instead, none lost") {
  stored(10);
  auto conn = std::make_shared<recording_connection>();
  auto a = spawn(user_actor, std::shared_ptr<net::connection>{conn},
                 context_ptr{ctx},
                 std::optional<protocol::token_claims>{{alice, "alice"}});
  // Five live pushes before the backlog is read: three are held (the
  // bound), two let go. All five are stored, as every push with an id is.
  for (std::int64_t id = 20; id < 25; ++id)
    caf::anon_send(a, atoms::push_atom_v, push_envelope{id, stored(id)});
  sched.run();
  session s{a, conn};
  std::set<std::int64_t> got;
  for (int round = 0; round < 10; ++round) {
    auto ids_now = pushed_ids(s);
    if (ids_now.empty())
      break;
    for (auto id : ids_now) {
      got.insert(id);
      ack(s, id);
    }
  }
  CHECK(!s.conn->closed_with());
  CHECK(got == std::set<std::int64_t>{10, 20, 21, 22, 23, 24});
  pass(1s);
  CHECK(stored_count() == 0);
}

TEST_CASE_FIXTURE(delivery_fixture,
                  "a push let go with an id the backlog reader has passed "
                  "is read all the same") {
  for (auto id : {10, 30, 31, 32})
    stored(id);
  auto s = open(); // reads 10, 30, 31: the window is full
  CHECK(pushed_ids(s) == ids{10, 30, 31});
  for (auto id : {40, 41, 42}) // held: the bound
    caf::anon_send(s.actor, atoms::push_atom_v, push_envelope{id, stored(id)});
  // Committed late with an older id (another worker's transaction), and let
  // go: the reader is past 25 already.
  caf::anon_send(s.actor, atoms::push_atom_v, push_envelope{25, stored(25)});
  sched.run();
  std::set<std::int64_t> got{10, 30, 31};
  for (auto id : {10, 30, 31})
    ack(s, id);
  for (int round = 0; round < 10; ++round) {
    auto ids_now = pushed_ids(s);
    if (ids_now.empty())
      break;
    for (auto id : ids_now) {
      got.insert(id);
      ack(s, id);
    }
  }
  CHECK(!s.conn->closed_with());
  CHECK(got == std::set<std::int64_t>{10, 25, 30, 31, 32, 40, 41, 42});
}

TEST_CASE_FIXTURE(delivery_fixture,
                  "a backlog larger than the window flows as acks come") {
  for (std::int64_t id = 1; id <= 5; ++id)
    stored(id);
  auto s = open();
  CHECK(pushed_ids(s) == ids{1, 2, 3});
  ack(s, 1);
  CHECK(pushed_ids(s) == ids{4});
  ack(s, 2);
  ack(s, 3);
  CHECK(pushed_ids(s) == ids{5});
  ack(s, 4);
  ack(s, 5);
  pass(1s);
  CHECK(stored_count() == 0);
  // The backlog is done: live pushes go straight out.
  route(6, stored(6));
  CHECK(pushed_ids(s) == ids{6});
}

TEST_CASE_FIXTURE(delivery_fixture,
                  "a long backlog is read in half windows, not a push per "
                  "ack") {
  ctx->delivery.max_pending_acks = 8;
  for (std::int64_t id = 1; id <= 14; ++id)
    stored(id);
  auto s = open();
  CHECK(pushed_ids(s) == ids{1, 2, 3, 4, 5, 6, 7, 8});
  ack(s, 1);
  ack(s, 2);
  ack(s, 3);
  CHECK(pushed_ids(s).empty());
  ack(s, 4);
  CHECK(pushed_ids(s) == ids{9, 10, 11, 12});
  for (std::int64_t id = 5; id <= 12; ++id)
    ack(s, id);
  CHECK(pushed_ids(s) == ids{13, 14});
}

TEST_CASE_FIXTURE(delivery_fixture,
                  "a read again asked for while a page is on its way starts "
                  "from the start once that page is in") {
  ctx->delivery.max_pending_acks = 8;
  // Between the session and the worker: the worker reads each page at once,
  // and its answer waits until the test lets it go (`release`).
  using page = std::vector<storage::stored_push>;
  using release_atom = caf::atom_constant<caf::atom("release")>;
  auto held = std::make_shared<std::vector<std::function<void()>>>();
  auto worker = caf::actor_cast<caf::actor>(
    sys.registry().get(names::persistence(0).name));
  sys.registry().erase(names::persistence(0).name); // put() keeps an entry
  auto relay = spawn(
    [worker, held](caf::event_based_actor* relay) -> caf::behavior {
      return {
        [=](atoms::run_atom, storage_job& call) {
          auto answer = relay->make_response_promise<storage_answer>();
          relay
            ->request(worker, caf::infinite, atoms::run_atom_v, std::move(call))
            .then(
              [held, answer](storage_answer& read) {
                // Not a page (the login's own call): nobody waits for it.
                if (!std::any_cast<page>(&read.value))
                  return;
                held->push_back([answer, read]() mutable {
                  answer.deliver(std::move(read));
                });
              },
              [](caf::error&) {
                // Nobody waits for it either.
              });
          return answer;
        },
        [held](release_atom) {
          for (auto& deliver : std::exchange(*held, {}))
            deliver();
        },
      };
    });
  sys.registry().put(names::persistence(0).name, relay);
  auto let_pages_in = [&] {
    caf::anon_send(relay, release_atom::value);
    sched.run();
  };
  stored(10);
  auto s = open(); // its first page read, not yet in
  CHECK(pushed_ids(s).empty());
  // Stored meanwhile, and never routed: a group actor that failed. Its
  // successor has the session read again.
  stored(20);
  caf::anon_send(s.actor, atoms::resync_atom_v);
  sched.run();
  let_pages_in(); // the page from before: 10, then a read from the start
  CHECK(pushed_ids(s) == ids{10});
  let_pages_in(); // 10 is unacknowledged still: not sent twice
  CHECK(pushed_ids(s) == ids{20});
  route(30, stored(30)); // live now
  CHECK(pushed_ids(s) == ids{30});
  CHECK(held->empty());
}
