#include "actors/directory.hpp"

#include <map>
#include <vector>

#include <caf/event_based_actor.hpp>

#include "actors/atoms.hpp"
#include "actors/push_envelope.hpp"
#include "tests/actors/actor_fixture.hpp"

using namespace troupe;
using namespace troupe::actors;
using troupe::test::actor_fixture;

namespace {

/// Stands in for a session: remembers whether it was told `replaced`, and
/// the pushes routed to it.
struct fake_session_state {
  std::shared_ptr<bool> replaced;
  std::shared_ptr<std::vector<std::int64_t>> pushes;
};

caf::behavior fake_session(caf::stateful_actor<fake_session_state>* self,
                           std::shared_ptr<bool> replaced,
                           std::shared_ptr<std::vector<std::int64_t>> pushes) {
  self->state.replaced = std::move(replaced);
  self->state.pushes = std::move(pushes);
  return {
    [self](atoms::replaced_atom) {
      *self->state.replaced = true;
      self->quit();
    },
    [self](atoms::push_atom, push_envelope& push) {
      self->state.pushes->push_back(push.push_id);
    },
    [](atoms::shutdown_atom) {},
  };
}

struct directory_fixture : actor_fixture {
  directory_actor dir = spawn(directory, node_number{0},
                              std::make_shared<telemetry::node_metrics>(),
                              caf::timespan{std::chrono::seconds{5}});
  /// Which session each push reached, by session.
  std::map<caf::actor_addr, std::shared_ptr<std::vector<std::int64_t>>>
    received;
  std::int64_t next_push_id = 1;

  /// A stand-in session: it takes what the directory sends a session.
  session_actor session(std::shared_ptr<bool> replaced) {
    auto pushes = std::make_shared<std::vector<std::int64_t>>();
    auto a = spawn(fake_session, std::move(replaced), pushes);
    received.emplace(a.address(), pushes);
    return caf::actor_cast<session_actor>(a);
  }

  /// Attaches `s`; returns whether it replaced another session.
  bool attach(protocol::user_id uid, const session_actor& s, std::int64_t t) {
    self->send(dir, atoms::attach_atom_v, uid, s, t, std::string{"10.0.0.1"},
               std::uint16_t{4000});
    sched.run();
    auto replaced_other = false;
    self->receive([&](bool b) { replaced_other = b; }, or_fail());
    return replaced_other;
  }

  /// Routes a push to `uid` and returns the session it reached, if any.
  caf::actor_addr routed_to(protocol::user_id uid) {
    auto id = next_push_id++;
    self->send(dir, atoms::deliver_atom_v, uid, push_envelope{id, nullptr});
    sched.run();
    for (auto& [addr, pushes] : received)
      if (!pushes->empty() && pushes->back() == id)
        return addr;
    return {};
  }

  bool online(protocol::user_id uid) {
    self->send(dir, atoms::online_atom_v, user_list{{uid}});
    sched.run();
    auto result = false;
    self->receive(
      [&](std::vector<session_address>& where) {
        REQUIRE(where.size() == 1);
        result = where[0].online;
        if (result) {
          CHECK(where[0].ip == "10.0.0.1");
          CHECK(where[0].port == 4000);
        }
      },
      or_fail());
    return result;
  }
};

} // namespace

TEST_CASE_FIXTURE(directory_fixture, "directory finds an attached session") {
  auto replaced = std::make_shared<bool>(false);
  auto s = session(replaced);
  CHECK(!attach(7, s, 100));
  CHECK(routed_to(7) == s.address());
  CHECK(!routed_to(8));
  CHECK(online(7));
  CHECK(!online(8));
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
  CHECK(routed_to(7) == second.address());
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
  CHECK(routed_to(7) == newer.address());
}

TEST_CASE_FIXTURE(directory_fixture,
                  "directory forgets a session when it stops") {
  auto replaced = std::make_shared<bool>(false);
  auto s = session(replaced);
  attach(7, s, 100);
  caf::anon_send_exit(s, caf::exit_reason::user_shutdown);
  sched.run();
  CHECK(!routed_to(7));
  CHECK(!online(7));
}

TEST_CASE_FIXTURE(directory_fixture,
                  "a replaced session stopping does not evict its successor") {
  auto first = session(std::make_shared<bool>(false));
  auto second = session(std::make_shared<bool>(false));
  attach(7, first, 100);
  attach(7, second, 200);
  sched.run(); // the first session quits after `replaced`
  CHECK(!alive(first));
  CHECK(routed_to(7) == second.address());
}
