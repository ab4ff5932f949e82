#include "actors/directory.hpp"

#include "actors/atoms.hpp"
#include "tests/actors/actor_fixture.hpp"

using namespace troupe;
using namespace troupe::actors;
using troupe::test::actor_fixture;

namespace {

/// Stands in for a session: remembers whether it was told `replaced`.
caf::behavior fake_session(caf::event_based_actor* self,
                           std::shared_ptr<bool> replaced) {
  return {
    [self, replaced](atoms::replaced_atom) {
      *replaced = true;
      self->quit();
    },
    [](atoms::shutdown_atom) {},
  };
}

struct directory_fixture : actor_fixture {
  caf::actor dir = spawn(directory);

  caf::actor session(std::shared_ptr<bool> replaced) {
    return spawn(fake_session, std::move(replaced));
  }

  /// Attaches `s`; returns whether it replaced another session.
  bool attach(protocol::user_id uid, const caf::actor& s, std::int64_t t) {
    self->send(dir, atoms::attach_atom_v, uid, s, t, std::string{"10.0.0.1"},
               std::uint16_t{4000});
    sched.run();
    auto replaced_other = false;
    self->receive([&](bool b) { replaced_other = b; }, or_fail());
    return replaced_other;
  }

  caf::actor lookup(protocol::user_id uid) {
    self->send(dir, atoms::lookup_atom_v, uid);
    sched.run();
    caf::actor result;
    self->receive([&](caf::actor& a) { result = std::move(a); }, or_fail());
    return result;
  }
};

} // namespace

TEST_CASE_FIXTURE(directory_fixture, "directory finds an attached session") {
  auto replaced = std::make_shared<bool>(false);
  auto s = session(replaced);
  CHECK(!attach(7, s, 100));
  CHECK(lookup(7) == s);
  CHECK(!lookup(8));
  CHECK(!*replaced);
}

TEST_CASE_FIXTURE(directory_fixture,
                  "directory replaces the older session of a user") {
  auto first_replaced = std::make_shared<bool>(false);
  auto second_replaced = std::make_shared<bool>(false);
  auto first = session(first_replaced);
  auto second = session(second_replaced);
  CHECK(!attach(7, first, 100));
  CHECK(attach(7, second, 200));
  CHECK(*first_replaced);
  CHECK(!*second_replaced);
  CHECK(lookup(7) == second);
}

TEST_CASE_FIXTURE(directory_fixture,
                  "directory keeps a newer session over a stale attach") {
  auto newer_replaced = std::make_shared<bool>(false);
  auto stale_replaced = std::make_shared<bool>(false);
  auto newer = session(newer_replaced);
  auto stale = session(stale_replaced);
  CHECK(!attach(7, newer, 200));
  CHECK(!attach(7, stale, 100));
  CHECK(!*newer_replaced);
  CHECK(*stale_replaced);
  CHECK(lookup(7) == newer);
}

TEST_CASE_FIXTURE(directory_fixture,
                  "directory forgets a session when it stops") {
  auto replaced = std::make_shared<bool>(false);
  auto s = session(replaced);
  attach(7, s, 100);
  caf::anon_send_exit(s, caf::exit_reason::user_shutdown);
  sched.run();
  CHECK(!lookup(7));
}

TEST_CASE_FIXTURE(directory_fixture,
                  "a replaced session stopping does not evict its successor") {
  auto first = session(std::make_shared<bool>(false));
  auto second = session(std::make_shared<bool>(false));
  attach(7, first, 100);
  attach(7, second, 200);
  sched.run(); // the first session quits after `replaced`
  CHECK(!alive(first));
  CHECK(lookup(7) == second);
}
