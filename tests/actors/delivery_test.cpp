// The delivery promise inside a session, on the test coordinator with a
// real persistence worker over a real SQLite file: resend until acked,
// stored backlog at login merged with live pushes, the bound on pending
// pushes, acks and group positions stored on timers of their own.

#include "actors/delivery.hpp"

#include <set>

#include <caf/actor_registry.hpp>

#include "actors/alarm.hpp"
#include "actors/atoms.hpp"
#include "actors/directory.hpp"
#include "actors/persistence.hpp"
#include "actors/services.hpp"
#include "actors/store_calls.hpp"
#include "actors/user_actor.hpp"
#include "tests/actors/actor_fixture.hpp"
#include "tests/support/test_backend.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::actors;
using troupe::test::actor_fixture;
using troupe::test::recording_connection;
using troupe::test::test_call_deadline;
using json = nlohmann::json;

namespace {

struct delivery_fixture : actor_fixture {
  std::shared_ptr<node_context> ctx = make_context();
  storage::settings store;
  /// The test's own connection to the store the worker uses.
  std::unique_ptr<storage::adapter> db;
  directory_actor dir;
  protocol::user_id alice = 0;

  struct session {
    session_actor actor;
    std::shared_ptr<recording_connection> conn;
  };

  delivery_fixture() {
    ctx->delivery.resend_interval = 15s;
    ctx->delivery.max_pending_acks = 3;
    ctx->session.heartbeat_timeout = 1h;
    store.sqlite_path = test::make_temp_dir() + "/troupe.db";
    db = storage::make_adapter(store);
    REQUIRE(db->open());
    storage::new_user u;
    u.username = "alice";
    u.password_hash = "x";
    alice = *db->user_create(u);
    dir = spawn(directory, std::make_shared<telemetry::node_metrics>(),
                caf::timespan{std::chrono::seconds{5}});
    sys.registry().put(names::directory.name, dir);
    sys.registry().put(names::persistence(0).name,
                       spawn(persistence_worker, store, std::size_t{64},
                             test_call_deadline,
                             std::make_shared<telemetry::node_metrics>()));
  }

  /// Stores a push for alice, as a message would.
  std::shared_ptr<const std::string> stored(std::int64_t push_id) {
    auto frame = json{{"type", "message"}, {"id", push_id}}.dump();
    REQUIRE(db->push_store(alice, {push_id, frame}));
    return std::make_shared<const std::string>(frame);
  }

  /// Starts a session for alice (the `?token=` path) without running it.
  session start() {
    auto conn = std::make_shared<recording_connection>();
    auto a = spawn(user_actor, std::shared_ptr<net::connection>{conn},
                   context_ptr{ctx},
                   std::optional<protocol::token_claims>{{alice, "alice"}});
    return {a, conn};
  }

  /// Opens a session for alice and runs it.
  session open() {
    auto s = start();
    sched.run();
    return s;
  }

  /// Routes a push to alice through the directory, as a sender would.
  void route(std::int64_t push_id, std::shared_ptr<const std::string> frame) {
    caf::anon_send(dir, atoms::deliver_atom_v, alice,
                   push_envelope{push_id, std::move(frame)});
    sched.run();
  }

  void ack(const session& s, std::int64_t push_id) {
    caf::anon_send(s.actor, atoms::frame_atom_v,
                   json{{"type", "ack"}, {"id", push_id}}.dump());
    sched.run();
  }

  /// Returns the ids of the pushes written since the last call.
  std::vector<std::int64_t> pushed_ids(const session& s) {
    std::vector<std::int64_t> ids;
    for (auto& frame : s.conn->take())
      if (frame.contains("id") && frame["id"].is_number_integer())
        ids.push_back(frame["id"]);
    return ids;
  }

  std::size_t stored_count() {
    return db->pushes_after(alice, 0, 1000)->size();
  }

  /// Lets `d` pass one second at a time, as real time would.
  void pass(std::chrono::seconds d) {
    for (auto i = 0; i < d.count(); ++i) {
      sched.advance_time(1s);
      sched.run();
    }
  }
};

using ids = std::vector<std::int64_t>;

} // namespace

TEST_CASE_FIXTURE(delivery_fixture,
                  "an unacknowledged push is sent again after the resend "
                  "interval, not before") {
  auto s = open();
  s.conn->take();
  route(11, stored(11));
  CHECK(pushed_ids(s) == ids{11});
  pass(14s);
  CHECK(pushed_ids(s).empty());
  pass(1s);
  CHECK(pushed_ids(s) == ids{11});
  pass(15s);
  CHECK(pushed_ids(s) == ids{11});
  auto& metrics = *ctx->metrics;
  CHECK(metrics.pushes_sent.load() == 1);
  CHECK(metrics.pushes_resent.load() == 2);
  CHECK(metrics.pending_acks.load() == 1);
}

TEST_CASE_FIXTURE(delivery_fixture,
                  "an acknowledged push is neither sent again nor kept") {
  auto s = open();
  route(11, stored(11));
  CHECK(ctx->metrics->pending_acks.load() == 1);
  ack(s, 11);
  s.conn->take();
  pass(30s);
  CHECK(pushed_ids(s).empty());
  CHECK(stored_count() == 0);
  CHECK(ctx->metrics->pushes_acked.load() == 1);
  CHECK(ctx->metrics->pending_acks.load() == 0);
  CHECK(ctx->metrics->pushes_resent.load() == 0);
}

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
                  "a replaced session's unacknowledged pushes reach the next "
                  "one") {
  auto first = open();
  route(11, stored(11));
  route(12, stored(12));
  ack(first, 11);
  auto second = open();
  CHECK(first.conn->closed_with() == net::close_code::normal);
  CHECK(pushed_ids(second) == ids{12});
}

TEST_CASE_FIXTURE(delivery_fixture,
                  "a session past max_pending_acks is closed as too slow, and "
                  "its pushes stay stored") {
  auto s = open();
  for (std::int64_t id = 1; id <= 3; ++id)
    route(id, stored(id));
  CHECK(!s.conn->closed_with());
  route(4, stored(4));
  CHECK(s.conn->closed_with() == net::close_code::policy_violation);
  CHECK(!alive(s.actor));
  CHECK(stored_count() == 4);
  auto next = open();
  CHECK(pushed_ids(next) == ids{1, 2, 3});
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
                  "acks are forgotten in storage together, shortly after") {
  stored(1);
  stored(2);
  auto s = open();
  CHECK(pushed_ids(s) == ids{1, 2});
  ack(s, 1);
  ack(s, 2);
  CHECK(stored_count() == 2);
  pass(1s);
  CHECK(stored_count() == 0);
}

TEST_CASE_FIXTURE(delivery_fixture,
                  "a full batch of acks is forgotten without waiting") {
  ctx->delivery.max_pending_acks = 100;
  for (std::int64_t id = 1; id <= 65; ++id)
    stored(id);
  auto s = open();
  for (std::int64_t id = 1; id <= 64; ++id)
    ack(s, id);
  CHECK(stored_count() == 1);
}

TEST_CASE_FIXTURE(delivery_fixture,
                  "acks not yet forgotten are forgotten when the session "
                  "ends") {
  stored(1);
  auto s = open();
  ack(s, 1);
  CHECK(stored_count() == 1);
  caf::anon_send(s.actor, atoms::closed_atom_v);
  sched.run();
  CHECK(stored_count() == 0);
}

TEST_CASE_FIXTURE(delivery_fixture,
                  "a push the replaced session saw acknowledged does not come "
                  "to the next one, whichever runs first") {
  auto first = open();
  route(11, stored(11));
  route(12, stored(12));
  // Acks are stored in batches, on a timer that does not come here: the
  // replaced session must store them on its way out.
  ack(first, 11);
  auto second = start();
  // The new session asks the store as early as it may.
  run_newest_first();
  CHECK(first.conn->closed_with() == net::close_code::normal);
  CHECK(pushed_ids(second) == ids{12});
}

TEST_CASE_FIXTURE(delivery_fixture,
                  "group positions move on a timer of their own, at most once "
                  "a second, not with each ack flush") {
  ctx->delivery.max_pending_acks = 8;
  sys.registry().put(names::alarm.name, spawn(alarm_clock));
  storage::group_record g;
  g.group_id = 42;
  g.name = "climbers";
  REQUIRE(db->group_create(g, alice));
  auto position = [&] {
    auto members = db->group_members(42);
    REQUIRE(members);
    REQUIRE(members->size() == 1);
    return members->front().delivered_to;
  };
  auto in_group = [&](std::int64_t push_id) {
    caf::anon_send(
      dir, atoms::deliver_atom_v, alice,
      push_envelope{
        push_id,
        std::make_shared<const std::string>(json{{"id", push_id}}.dump()), 42});
    sched.run();
  };
  auto after = [&](caf::timespan d) {
    sched.advance_time(d);
    sched.run();
  };
  auto s = open();
  in_group(101);
  route(11, stored(11));
  ack(s, 101);
  ack(s, 11);
  after(20ms);
  // The ack flush stored the push of alice's own, and only that.
  CHECK(stored_count() == 0);
  CHECK(position() == 0);
  after(480ms);
  in_group(102);
  route(12, stored(12));
  ack(s, 102);
  ack(s, 12);
  after(20ms);
  CHECK(stored_count() == 0);
  CHECK(position() == 0);
  // A second after the first group ack, the positions move.
  after(480ms);
  CHECK(position() == 102);
  // And once more a second after the next one.
  in_group(103);
  ack(s, 103);
  after(999ms);
  CHECK(position() == 102);
  after(1ms);
  CHECK(position() == 103);
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
