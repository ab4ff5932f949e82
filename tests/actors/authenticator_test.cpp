// The authenticator with real persistence (SQLite) and a hashing worker, all
// on the test coordinator: a test decides when the hasher runs.

#include "actors/authenticator.hpp"

#include <algorithm>
#include <array>

#include <caf/actor_registry.hpp>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "actors/hasher.hpp"
#include "actors/persistence.hpp"
#include "actors/services.hpp"
#include "tests/actors/actor_fixture.hpp"
#include "tests/support/test_backend.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::actors;
using troupe::test::actor_fixture;
using troupe::test::test_call_deadline;

namespace {

constexpr auto home = "10.0.0.1";
constexpr auto stranger = "10.0.0.66";

struct auth_fixture : actor_fixture {
  std::shared_ptr<node_context> ctx = make_context();
  std::string dummy
    = protocol::hash_password("dummy", protocol::hash_cost::minimal);
  actors::hasher_actor hashing;
  authenticator_actor auth;
  /// The text of the last error `answer` read.
  std::string last_text;

  auth_fixture() {
    ctx->auth.hash_cost = protocol::hash_cost::minimal;
    ctx->auth.login_failure_limit = 2;
    ctx->auth.login_failure_window = 60s;
    storage::settings store;
    store.sqlite_path = test::make_temp_dir() + "/troupe.db";
    sys.registry().put(names::persistence(0).name,
                       spawn(persistence_worker, store, std::size_t{64},
                             test_call_deadline,
                             std::make_shared<telemetry::node_metrics>()));
    hashing = spawn(hasher, protocol::hash_cost::minimal, ctx->metrics);
    sys.registry().put(names::hasher(0).name, hashing);
    respawn();
  }

  /// Starts a fresh authenticator, with the settings `ctx` has now.
  void respawn() { auth = spawn(authenticator, context_ptr{ctx}, dummy); }

  /// Runs every actor but the hashing worker: its jobs wait in its mailbox.
  void run_all_but_hasher() { run_all_but(hashing); }

  /// Runs every actor but `a` and the hashing worker.
  template <class Handle>
  void run_all_but(const Handle& a) {
    std::array<caf::resumable*, 2> skipped{job_of(a), job_of(hashing)};
    sched.run_jobs_filtered([skipped](caf::resumable* j) {
      return std::find(skipped.begin(), skipped.end(), j) == skipped.end();
    });
  }

  /// Returns whether the hashing worker has a job waiting.
  bool hasher_has_work() {
    return std::find(sched.jobs.begin(), sched.jobs.end(), job_of(hashing))
           != sched.jobs.end();
  }

  template <class Handle>
  static caf::resumable* job_of(const Handle& a) {
    return dynamic_cast<caf::resumable*>(
      caf::actor_cast<caf::abstract_actor*>(a));
  }

  /// Spawns an actor that asks for a login and waits for the answer.
  caf::actor spawn_requester() {
    auto target = auth;
    return sys.spawn([target](caf::event_based_actor* s) {
      s->request(target, 30s, atoms::login_atom_v, std::string{"alice"},
                 std::string{"correct horse"}, std::string{home})
        .then([](protocol::user_id, std::string&) {}, [](caf::error&) {});
    });
  }

  /// Returns the next answer the test's actor has: "ok:<uid>" or the
  /// protocol error code.
  std::string answer() {
    std::string result;
    self->receive(
      [&](protocol::user_id uid, std::string&) {
        result = "ok:" + std::to_string(uid);
      },
      [&](protocol::user_id uid) { result = "ok:" + std::to_string(uid); },
      [&](caf::error& err) {
        result = std::string{protocol::to_string(to_protocol_error(err))};
        last_text = client_message(err);
      },
      or_fail());
    return result;
  }

  void send_signup(const std::string& name, const std::string& address) {
    protocol::register_command req;
    req.username = name;
    req.password = "correct horse";
    self->send(auth, atoms::signup_atom_v, req, address);
  }

  std::string signup(const std::string& name,
                     const std::string& address = home) {
    send_signup(name, address);
    sched.run();
    return answer();
  }

  void send_login(const std::string& name, const std::string& password,
                  const std::string& address) {
    self->send(auth, atoms::login_atom_v, name, password, address);
  }

  std::string login(const std::string& name, const std::string& password,
                    const std::string& address = home) {
    send_login(name, password, address);
    sched.run();
    return answer();
  }
};

} // namespace

TEST_CASE_FIXTURE(auth_fixture,
                  "signup creates users and refuses taken names") {
  CHECK(signup("alice").rfind("ok:", 0) == 0);
  CHECK(signup("alice") == "username_taken");
}

TEST_CASE_FIXTURE(auth_fixture, "login checks the password") {
  auto alice = signup("alice");
  CHECK(login("alice", "correct horse") == alice);
  CHECK(login("alice", "wrong horse") == "auth_failed");
  CHECK(login("nobody", "correct horse") == "auth_failed");
  CHECK(login("Not A Name", "correct horse") == "auth_failed");
}

TEST_CASE_FIXTURE(auth_fixture,
                  "past the failure limit even the right password is refused "
                  "from that address until the window passes") {
  auto alice = signup("alice");
  CHECK(login("alice", "wrong one") == "auth_failed");
  CHECK(login("alice", "wrong two") == "auth_failed");
  CHECK(login("alice", "correct horse") == "rate_limited");
  sched.advance_time(59s);
  CHECK(login("alice", "correct horse") == "rate_limited");
  sched.advance_time(1s);
  CHECK(login("alice", "correct horse") == alice);
}

TEST_CASE_FIXTURE(auth_fixture,
                  "a stranger's wrong passwords do not lock a user out of "
                  "their account from their own address") {
  auto alice = signup("alice");
  for (int i = 0; i < 6; ++i)
    login("alice", "wrong guess", stranger);
  CHECK(login("alice", "correct horse", stranger) == "rate_limited");
  CHECK(login("alice", "correct horse", home) == alice);
}

TEST_CASE_FIXTURE(auth_fixture,
                  "names no account can have are answered at once, neither "
                  "hashed nor counted") {
  auto alice = signup("alice");
  auto tracked = ctx->metrics->auth_tracked_keys.load(); // the registration
  constexpr int flood = 100; // well past auth.address_failure_limit
  for (int i = 0; i < flood; ++i)
    send_login(std::string(30000, 'x') + std::to_string(i), "whatever",
               stranger);
  run_all_but_hasher();
  for (int i = 0; i < flood; ++i)
    CHECK(answer() == "auth_failed");
  CHECK(!hasher_has_work());
  CHECK(ctx->metrics->auth_tracked_keys.load() == tracked);
  CHECK(login("alice", "correct horse", stranger) == alice);
}

TEST_CASE_FIXTURE(auth_fixture,
                  "past auth.max_hash_queue a login answers rate_limited and "
                  "a registration unavailable, at once and unhashed") {
  ctx->auth.max_hash_queue = 1;
  respawn();
  auto alice = signup("alice");
  send_login("alice", "wrong one", "10.0.0.2");
  send_login("alice", "correct horse", "10.0.0.3");
  run_all_but_hasher();
  CHECK(answer() == "rate_limited");
  CHECK(last_text.find("busy") != std::string::npos);
  CHECK(ctx->metrics->hash_queue.load() == 1);
  sched.run();
  CHECK(answer() == "auth_failed");
  CHECK(ctx->metrics->hash_queue.load() == 0);
  // The refused attempt left no failure behind.
  CHECK(login("alice", "correct horse", "10.0.0.3") == alice);

  send_signup("bob", "10.0.0.4");
  send_signup("carol", "10.0.0.5");
  run_all_but_hasher();
  CHECK(answer() == "unavailable");
  CHECK(last_text.find("nothing was stored") != std::string::npos);
  sched.run();
  CHECK(answer().rfind("ok:", 0) == 0);
  CHECK(signup("carol", "10.0.0.5").rfind("ok:", 0) == 0);
}

TEST_CASE_FIXTURE(auth_fixture,
                  "a job whose requester has timed out is never hashed") {
  auto alice = signup("alice");
  send_login("alice", "correct horse", home);
  run_all_but_hasher();
  REQUIRE(hasher_has_work());
  sched.advance_time(ctx->request_timeout);
  run_all_but_hasher();
  CHECK(answer() == "unavailable");
  sched.run();
  CHECK(ctx->metrics->hash_jobs_dropped.load() == 1);
  CHECK(ctx->metrics->hash_queue.load() == 0);
  CHECK(login("alice", "correct horse", home) == alice);
}

TEST_CASE_FIXTURE(auth_fixture,
                  "a job whose requester has gone is never hashed") {
  signup("alice");
  auto requester = spawn_requester();
  run_all_but_hasher();
  REQUIRE(hasher_has_work());
  caf::anon_send_exit(requester, caf::exit_reason::kill);
  run_all_but_hasher();
  sched.run();
  CHECK(ctx->metrics->hash_jobs_dropped.load() == 1);
}

TEST_CASE_FIXTURE(auth_fixture,
                  "a login whose requester has gone while the user was "
                  "looked up is not sent to a hasher") {
  signup("alice");
  auto store = sys.registry().get<caf::actor>(names::persistence(0).name);
  auto requester = spawn_requester();
  run_all_but(store); // the lookup waits at the store
  caf::anon_send_exit(requester, caf::exit_reason::kill);
  run_all_but_hasher();
  CHECK(!hasher_has_work());
  CHECK(ctx->metrics->hash_jobs_dropped.load() == 1);
  CHECK(ctx->metrics->hash_queue.load() == 0);
}

TEST_CASE_FIXTURE(auth_fixture,
                  "registrations past the limit per address and minute "
                  "answer unavailable") {
  ctx->auth.registrations_per_minute = 2;
  respawn();
  CHECK(signup("user1", "10.0.0.5").rfind("ok:", 0) == 0);
  CHECK(signup("user1", "10.0.0.5") == "username_taken"); // tried: counts
  CHECK(signup("user2", "10.0.0.5") == "unavailable");
  CHECK(last_text.find("too many registrations") != std::string::npos);
  CHECK(signup("user2", "10.0.0.6").rfind("ok:", 0) == 0);
  sched.advance_time(60s);
  CHECK(signup("user3", "10.0.0.5").rfind("ok:", 0) == 0);
}

TEST_CASE_FIXTURE(auth_fixture,
                  "login answers unavailable while storage restarts") {
  signup("alice");
  auto worker = sys.registry().get<caf::actor>(names::persistence(0).name);
  sys.registry().erase(names::persistence(0).name);
  CHECK(login("alice", "correct horse") == "unavailable");
  sys.registry().put(names::persistence(0).name, worker);
  CHECK(login("alice", "correct horse").rfind("ok:", 0) == 0);
}
