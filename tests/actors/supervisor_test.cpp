#include "actors/supervisor.hpp"

#include <caf/actor_registry.hpp>
#include <caf/event_based_actor.hpp>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "tests/actors/actor_fixture.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::actors;
using troupe::test::actor_fixture;

namespace {

constexpr auto child_name = caf::atom("crashy");

/// A child that stops with an error on `crash` and counts its starts.
caf::behavior crashy(caf::event_based_actor* self) {
  return {
    [self](caf::get_atom) { self->quit(caf::sec::runtime_error); },
  };
}

struct supervisor_fixture : actor_fixture {
  std::shared_ptr<int> starts = std::make_shared<int>(0);
  supervisor_settings settings{3, 60s, 100ms, 1s};
  supervisor_actor root;

  void start_supervisor() {
    auto counter = starts;
    std::vector<child_spec> specs{
      {child_name, [counter](caf::local_actor* parent) {
         ++*counter;
         return parent->spawn(crashy);
       }}};
    root = spawn(supervisor, std::move(specs), settings);
    self->monitor(root);
    sched.run();
  }

  caf::actor child() { return sys.registry().get<caf::actor>(child_name); }

  /// Makes the registered child fail.
  void crash_child() {
    auto c = child();
    REQUIRE(c);
    caf::anon_send(c, caf::get_atom_v);
    sched.run();
  }

  /// Returns whether the child restarts exactly after `delay`.
  void expect_restart_after(caf::timespan delay) {
    auto before = *starts;
    CHECK(!child());
    CHECK(sched.advance_time(delay - 1ms) == 0);
    sched.run();
    CHECK(*starts == before);
    CHECK(sched.advance_time(1ms) == 1);
    sched.run();
    CHECK(*starts == before + 1);
    CHECK(child());
  }
};

} // namespace

TEST_CASE_FIXTURE(supervisor_fixture,
                  "supervisor starts its children and registers them") {
  start_supervisor();
  CHECK(*starts == 1);
  CHECK(child());
}

TEST_CASE_FIXTURE(supervisor_fixture,
                  "supervisor restarts a failed child after the backoff") {
  start_supervisor();
  auto first = child();
  crash_child();
  expect_restart_after(100ms);
  CHECK(child() != first);
}

TEST_CASE_FIXTURE(supervisor_fixture,
                  "supervisor doubles the backoff for each further failure") {
  start_supervisor();
  crash_child();
  expect_restart_after(100ms);
  crash_child();
  expect_restart_after(200ms);
  crash_child();
  expect_restart_after(400ms);
}

TEST_CASE_FIXTURE(supervisor_fixture,
                  "supervisor resets the backoff after a quiet window") {
  settings.max_restarts = 10;
  start_supervisor();
  crash_child();
  expect_restart_after(100ms);
  crash_child();
  expect_restart_after(200ms);
  sched.advance_time(61s);
  crash_child();
  expect_restart_after(100ms);
}

TEST_CASE_FIXTURE(supervisor_fixture,
                  "supervisor gives up past the restart intensity") {
  start_supervisor();
  for (auto delay : {100ms, 200ms, 400ms}) {
    crash_child();
    expect_restart_after(delay);
  }
  crash_child(); // the fourth failure within the window: more than 3
  CHECK(sched.advance_time(10s) == 0);
  sched.run();
  CHECK(*starts == 4);
  auto reason = caf::error{};
  self->receive([&](caf::down_msg& dm) { reason = dm.reason; }, or_fail());
  CHECK(reason == supervisor_errc::gave_up);
  CHECK(!child());
}

TEST_CASE_FIXTURE(supervisor_fixture,
                  "supervisor stops its children on exit and restarts none") {
  start_supervisor();
  auto c = child();
  caf::anon_send_exit(root, caf::exit_reason::user_shutdown);
  sched.run();
  CHECK(!alive(c));
  CHECK(sched.advance_time(10s) == 0);
  sched.run();
  CHECK(*starts == 1);
  auto reason = caf::error{};
  self->receive([&](caf::down_msg& dm) { reason = dm.reason; }, or_fail());
  CHECK(reason == caf::exit_reason::user_shutdown);
}

TEST_CASE("restart_backoff doubles up to the maximum") {
  supervisor_settings s{5, 60s, 100ms, 1s};
  CHECK(restart_backoff(s, 1) == 100ms);
  CHECK(restart_backoff(s, 2) == 200ms);
  CHECK(restart_backoff(s, 4) == 800ms);
  CHECK(restart_backoff(s, 5) == 1s);
  CHECK(restart_backoff(s, 50) == 1s);
}
