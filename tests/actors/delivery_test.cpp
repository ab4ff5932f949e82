// The delivery promise inside a session, on the test coordinator with a
// real persistence worker over a real SQLite file: resend until acked, the
// bound on pending pushes, a replaced session's pushes, acks and group
// positions stored on timers of their own. The stored backlog read at
// login: delivery_backlog_test.cpp.

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
