// The authenticator with real persistence (SQLite) and hashing workers, all
// on the test coordinator.

#include "actors/authenticator.hpp"

#include <caf/actor_registry.hpp>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "actors/hasher.hpp"
#include "actors/message_types.hpp"
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

struct auth_fixture : actor_fixture {
  std::shared_ptr<node_context> ctx = make_context();
  caf::actor auth;

  auth_fixture() {
    ctx->auth.hash_cost = protocol::hash_cost::minimal;
    ctx->auth.login_failure_limit = 2;
    ctx->auth.login_failure_window = 60s;
    storage::settings store;
    store.sqlite_path = test::make_temp_dir() + "/troupe.db";
    sys.registry().put(names::persistence(0),
                       spawn(persistence_worker, store, std::size_t{64},
                             test_call_deadline,
                             std::make_shared<node_metrics>()));
    sys.registry().put(names::hasher(0),
                       spawn(hasher, protocol::hash_cost::minimal));
    auto dummy = protocol::hash_password("dummy", protocol::hash_cost::minimal);
    auth = spawn(authenticator, context_ptr{ctx}, dummy);
  }

  protocol::user_id signup(const std::string& name) {
    protocol::register_command req;
    req.username = name;
    req.password = "correct horse";
    self->send(auth, atoms::signup_atom_v, req);
    sched.run();
    protocol::user_id result = 0;
    self->receive([&](protocol::user_id uid) { result = uid; },
                  [&](caf::error& err) { MESSAGE(describe(err)); }, or_fail());
    return result;
  }

  /// Returns "ok:<uid>" or the protocol error code of a login.
  std::string login(const std::string& name, const std::string& password) {
    self->send(auth, atoms::login_atom_v, name, password);
    sched.run();
    std::string result;
    self->receive(
      [&](protocol::user_id uid, std::string& username) {
        CHECK(username == name);
        result = "ok:" + std::to_string(uid);
      },
      [&](caf::error& err) {
        result = std::string{protocol::to_string(to_protocol_error(err))};
      },
      or_fail());
    return result;
  }
};

} // namespace

TEST_CASE_FIXTURE(auth_fixture, "signup creates users and refuses taken names") {
  auto alice = signup("alice");
  CHECK(alice > 0);
  protocol::register_command again;
  again.username = "alice";
  again.password = "another one";
  self->send(auth, atoms::signup_atom_v, again);
  sched.run();
  self->receive(
    [](caf::error& err) {
      CHECK(to_protocol_error(err) == protocol::error_code::username_taken);
    },
    or_fail());
}

TEST_CASE_FIXTURE(auth_fixture, "login checks the password") {
  auto alice = signup("alice");
  CHECK(login("alice", "correct horse") == "ok:" + std::to_string(alice));
  CHECK(login("alice", "wrong horse") == "auth_failed");
  CHECK(login("nobody", "correct horse") == "auth_failed");
  CHECK(login("Not A Name", "correct horse") == "auth_failed");
}

TEST_CASE_FIXTURE(auth_fixture,
                  "past the failure limit even the right password is refused "
                  "until the window passes") {
  auto alice = signup("alice");
  CHECK(login("alice", "wrong one") == "auth_failed");
  CHECK(login("alice", "wrong two") == "auth_failed");
  CHECK(login("alice", "correct horse") == "rate_limited");
  sched.advance_time(59s);
  CHECK(login("alice", "correct horse") == "rate_limited");
  sched.advance_time(1s);
  CHECK(login("alice", "correct horse") == "ok:" + std::to_string(alice));
}

TEST_CASE_FIXTURE(auth_fixture,
                  "login answers unavailable while storage restarts") {
  signup("alice");
  auto worker = sys.registry().get<caf::actor>(names::persistence(0));
  sys.registry().erase(names::persistence(0));
  CHECK(login("alice", "correct horse") == "unavailable");
  sys.registry().put(names::persistence(0), worker);
  CHECK(login("alice", "correct horse").rfind("ok:", 0) == 0);
}
