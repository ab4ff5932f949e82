// The persistence worker on the test coordinator, over a real store: an
// SQLite file, or a database on the throwaway MariaDB server when CTest
// names it (spawned without `detached`, so the coordinator runs it).

#include "actors/persistence.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "actors/store_calls.hpp"
#include "tests/actors/actor_fixture.hpp"
#include "tests/storage/fresh_store.hpp"
#include "tests/support/test_backend.hpp"

using namespace troupe;
using namespace troupe::actors;
namespace store_calls = troupe::actors::store_calls;
using troupe::test::actor_fixture;
using troupe::test::job_of;
using troupe::test::test_call_deadline;
using troupe::test::worker_answer;

namespace {

/// A fresh store on the backend CTest names.
storage::settings test_store() {
  return test::fresh_settings();
}

storage::new_user user_named(std::string name) {
  storage::new_user u;
  u.username = std::move(name);
  u.password_hash = "hash";
  u.created_at = 1;
  return u;
}

struct persistence_fixture : actor_fixture {
  telemetry::metrics_ptr metrics = std::make_shared<telemetry::node_metrics>();
  storage::settings store = test_store();
  persistence_actor worker = spawn(persistence_worker, store, std::size_t{64},
                                   test_call_deadline, metrics);

  /// Returns (batches run, calls served).
  std::pair<std::size_t, std::size_t> stats() {
    self->send(worker, caf::get_atom_v);
    sched.run();
    std::pair<std::size_t, std::size_t> result;
    self->receive(
      [&](std::size_t batches, std::size_t calls) {
        result = {batches, calls};
      },
      or_fail());
    return result;
  }
};

} // namespace

TEST_CASE_FIXTURE(persistence_fixture,
                  "calls queued together share one batch, in arrival order") {
  self->send(worker, atoms::run_atom_v,
             job_of(store_calls::create_user(user_named("alice"))));
  self->send(worker, atoms::run_atom_v,
             job_of(store_calls::create_user(user_named("alice"))));
  self->send(worker, atoms::run_atom_v,
             job_of(store_calls::create_user(user_named("bob"))));
  self->send(worker, atoms::run_atom_v,
             job_of(store_calls::find_user("alice")));
  sched.run();
  protocol::user_id alice = 0;
  protocol::user_id bob = 0;
  self->receive(worker_answer([&](protocol::user_id uid) { alice = uid; }),
                or_fail());
  self->receive(worker_answer([&](caf::error& err) {
                  CHECK(err == protocol::error_code::username_taken);
                }),
                or_fail());
  self->receive(worker_answer([&](protocol::user_id uid) { bob = uid; }),
                or_fail());
  self->receive(worker_answer([&](storage::user_record& r) {
                  CHECK(r.uid == alice);
                  CHECK(r.username == "alice");
                }),
                or_fail());
  CHECK(alice > 0);
  CHECK(bob > alice);
  CHECK(stats() == std::make_pair(std::size_t{1}, std::size_t{4}));
}

TEST_CASE_FIXTURE(persistence_fixture,
                  "a batch takes at most max_batch calls") {
  auto small = spawn(persistence_worker, test_store(), std::size_t{2},
                     test_call_deadline, metrics);
  for (auto name : {"anna", "bert", "cleo", "dora", "emil"})
    self->send(small, atoms::run_atom_v,
               job_of(store_calls::create_user(user_named(name))));
  sched.run();
  for (int i = 0; i < 5; ++i)
    self->receive(worker_answer([](protocol::user_id uid) { CHECK(uid > 0); }),
                  or_fail());
  self->send(small, caf::get_atom_v);
  sched.run();
  self->receive(
    [](std::size_t batches, std::size_t calls) {
      CHECK(batches == 3);
      CHECK(calls == 5);
    },
    or_fail());
  // The metrics tell the same: batches of 2, 2 and 1, nothing left queued.
  auto sizes = metrics->batch_calls.read();
  CHECK(sizes.count == 3);
  CHECK(sizes.sum == 5);
  CHECK(sizes.bucket_counts.at(0) == 1);
  CHECK(sizes.bucket_counts.at(1) == 2);
  CHECK(metrics->batch_ns.read().count == 3);
  CHECK(metrics->persistence_queue.load() == 0);
}

TEST_CASE_FIXTURE(persistence_fixture,
                  "profile updates and health checks are answered ok") {
  self->send(worker, atoms::run_atom_v,
             job_of(store_calls::create_user(user_named("alice"))));
  sched.run();
  protocol::user_id alice = 0;
  self->receive(worker_answer([&](protocol::user_id uid) { alice = uid; }),
                or_fail());
  protocol::profile_update update;
  update[protocol::profile_field::bio] = "hello";
  self->send(worker, atoms::run_atom_v,
             job_of(store_calls::update_profile(alice, update)));
  self->send(worker, atoms::run_atom_v,
             job_of(store_calls::update_profile(alice + 100, update)));
  self->send(worker, atoms::run_atom_v, job_of(store_calls::check_health()));
  sched.run();
  self->receive(worker_answer([](caf::ok_atom) {}), or_fail());
  self->receive(worker_answer([](caf::error& err) {
                  CHECK(err == protocol::error_code::no_such_user);
                }),
                or_fail());
  self->receive(worker_answer([](caf::ok_atom) {}), or_fail());
}

TEST_CASE_FIXTURE(actor_fixture,
                  "unreachable storage answers unavailable and the worker "
                  "lives on") {
  // A port that refuses connections: bound, never listening.
  auto fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  storage::settings s;
  s.backend = storage::backend_kind::mariadb;
  s.mariadb_port = ntohs(addr.sin_port);
  auto worker
    = spawn(persistence_worker, s, std::size_t{64}, test_call_deadline,
            std::make_shared<telemetry::node_metrics>());
  self->send(worker, atoms::run_atom_v,
             job_of(store_calls::create_user(user_named("alice"))));
  self->send(worker, atoms::run_atom_v,
             job_of(store_calls::find_user("alice")));
  sched.run();
  for (int i = 0; i < 2; ++i)
    self->receive(worker_answer([](caf::error& err) {
                    CHECK(err == storage::errc::unavailable);
                  }),
                  or_fail());
  CHECK(alive(worker));
  close(fd);
}

TEST_CASE_FIXTURE(persistence_fixture,
                  "a call whose requester has stopped is dropped unrun; an "
                  "anonymous one still runs") {
  {
    caf::scoped_actor gone{sys};
    gone->send(worker, atoms::run_atom_v,
               job_of(store_calls::create_user(user_named("carol"))));
  }
  caf::anon_send(worker, atoms::run_atom_v,
                 job_of(store_calls::create_user(user_named("dave"))));
  self->send(worker, atoms::run_atom_v,
             job_of(store_calls::find_user("carol")));
  self->send(worker, atoms::run_atom_v, job_of(store_calls::find_user("dave")));
  sched.run();
  self->receive(worker_answer([&](caf::error& err) {
                  CHECK(err == protocol::error_code::no_such_user);
                }),
                or_fail());
  self->receive(worker_answer([&](storage::user_record& r) {
                  CHECK(r.username == "dave");
                }),
                or_fail());
  CHECK(metrics->storage_calls_dropped.load() == 1);
}

TEST_CASE_FIXTURE(persistence_fixture,
                  "a call older than the requesters' timeout is dropped "
                  "unrun") {
  // A worker whose requesters wait no time at all: every call it gets with
  // a requester has been given up on by the time its batch runs.
  auto impatient = spawn(persistence_worker, test_store(), std::size_t{64},
                         caf::timespan{0}, metrics);
  self->send(impatient, atoms::run_atom_v,
             job_of(store_calls::create_user(user_named("erin"))));
  caf::anon_send(impatient, atoms::run_atom_v,
                 job_of(store_calls::create_user(user_named("fred"))));
  sched.run();
  self->receive(worker_answer([&](caf::error& err) {
                  CHECK(err == caf::sec::request_timeout);
                }),
                or_fail());
  CHECK(metrics->storage_calls_dropped.load() == 1);
}

TEST_CASE_FIXTURE(persistence_fixture,
                  "past one batch, each requester gets its share: one with "
                  "many calls queued does not hold another back") {
  auto small = spawn(persistence_worker, test_store(), std::size_t{4},
                     test_call_deadline, metrics);
  caf::scoped_actor busy{sys};
  caf::scoped_actor other{sys};
  for (int i = 0; i < 10; ++i)
    busy->send(
      small, atoms::run_atom_v,
      job_of(store_calls::create_user(user_named("busy" + std::to_string(i)))));
  other->send(small, atoms::run_atom_v,
              job_of(store_calls::create_user(user_named("other"))));
  sched.run();
  // Ids are handed out in the order the calls run.
  std::vector<protocol::user_id> busy_ids;
  for (int i = 0; i < 10; ++i)
    busy->receive(
      worker_answer([&](protocol::user_id uid) { busy_ids.push_back(uid); }),
      or_fail());
  protocol::user_id other_id = 0;
  other->receive(worker_answer([&](protocol::user_id uid) { other_id = uid; }),
                 or_fail());
  CHECK(std::is_sorted(busy_ids.begin(), busy_ids.end()));
  // In the first batch of four, behind three of busy's ten, not behind all.
  CHECK(other_id < busy_ids[3]);
}

TEST_CASE_FIXTURE(persistence_fixture,
                  "a repeated request id is answered with the first message, "
                  "in the same batch and in a later one") {
  // alice and bob, friends, made behind the worker's back.
  auto db = storage::make_adapter(store);
  REQUIRE(db->open());
  auto alice = db->user_create(user_named("alice"));
  auto bob = db->user_create(user_named("bob"));
  REQUIRE(alice);
  REQUIRE(bob);
  REQUIRE(db->friendship_create(*alice, *bob, 1));
  auto ids = std::make_shared<storage::id_generator>(0);
  auto send = [&](std::string request_id, std::string body) {
    protocol::send_command cmd;
    cmd.to = "bob";
    cmd.body = std::move(body);
    self->send(worker, atoms::run_atom_v,
               job_of(store_calls::send_message(
                 *alice, "alice", std::move(request_id), std::move(cmd), ids)));
  };
  auto answered = [&] {
    store_calls::sent_message out;
    self->receive(
      worker_answer([&](store_calls::sent_message& sent) { out = sent; }),
      or_fail());
    return out;
  };
  // One batch: the repeat meets the first inside the transaction.
  send("r1", "first");
  send("r1", "again");
  sched.run();
  auto first = answered();
  auto again = answered();
  CHECK_FALSE(first.repeated);
  CHECK(again.repeated);
  CHECK(again.msg_id == first.msg_id);
  CHECK(again.ts == first.ts);
  // A later batch: the repeat meets a committed message; the batch's other
  // call is stored all the same.
  send("r1", "once more");
  send("r2", "second");
  sched.run();
  auto later = answered();
  auto second = answered();
  CHECK(later.repeated);
  CHECK(later.msg_id == first.msg_id);
  CHECK_FALSE(second.repeated);
  CHECK(second.msg_id > first.msg_id);
  CHECK(stats() == std::make_pair(std::size_t{2}, std::size_t{4}));
  auto talk = db->conversation(*alice, *bob, 0, 0, 10);
  REQUIRE(talk);
  REQUIRE(talk->size() == 2);
  CHECK(talk->at(0).body == "first");
  CHECK(talk->at(1).body == "second");
  auto pushes = db->pushes_after(*bob, 0, 10);
  REQUIRE(pushes);
  REQUIRE(pushes->size() == 2);
  CHECK(pushes->at(0).push_id == first.msg_id);
  CHECK(pushes->at(1).push_id == second.msg_id);
}
