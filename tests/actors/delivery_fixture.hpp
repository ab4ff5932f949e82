#pragma once

// What the delivery tests share: a session of alice's on the test
// coordinator, a real persistence worker over a real SQLite file, the
// directory, and the means to store, route, ack and read pushes.

#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

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

namespace troupe::test {

struct delivery_fixture : actor_fixture {
  std::shared_ptr<actors::node_context> ctx = make_context();
  storage::settings store;
  /// The test's own connection to the store the worker uses.
  std::unique_ptr<storage::adapter> db;
  actors::directory_actor dir;
  protocol::user_id alice = 0;

  struct session {
    actors::session_actor actor;
    std::shared_ptr<recording_connection> conn;
  };

  delivery_fixture() {
    ctx->delivery.resend_interval = std::chrono::seconds{15};
    ctx->delivery.max_pending_acks = 3;
    ctx->session.heartbeat_timeout = std::chrono::hours{1};
    store.sqlite_path = test::make_temp_dir() + "/troupe.db";
    db = storage::make_adapter(store);
    REQUIRE(db->open());
    storage::new_user u;
    u.username = "alice";
    u.password_hash = "x";
    alice = *db->user_create(u);
    dir = spawn(actors::directory, actors::node_number{0},
                std::make_shared<telemetry::node_metrics>(),
                caf::timespan{std::chrono::seconds{5}});
    sys.registry().put(actors::names::directory.name, dir);
    sys.registry().put(actors::names::persistence(0).name,
                       spawn(actors::persistence_worker, store, std::size_t{64},
                             test_call_deadline,
                             std::make_shared<telemetry::node_metrics>()));
  }

  /// Stores a push for alice, as a message would.
  std::shared_ptr<const std::string> stored(std::int64_t push_id) {
    auto frame = nlohmann::json{{"type", "message"}, {"id", push_id}}.dump();
    REQUIRE(db->push_store(alice, {push_id, frame}));
    return std::make_shared<const std::string>(frame);
  }

  /// Starts a session for alice (the `?token=` path) without running it.
  session start() {
    auto conn = std::make_shared<recording_connection>();
    auto a = spawn(actors::user_actor, std::shared_ptr<net::connection>{conn},
                   actors::context_ptr{ctx},
                   std::optional<protocol::token_claims>{{alice, "alice"}});
    return {a, conn};
  }

  /// Opens a session for alice and runs it.
  session open() {
    auto s = start();
    sched.run();
    return s;
  }

  /// Routes a push to alice through the actors::directory, as a sender would.
  void route(std::int64_t push_id, std::shared_ptr<const std::string> frame) {
    caf::anon_send(dir, atoms::deliver_atom_v, alice,
                   actors::push_envelope{push_id, std::move(frame)});
    sched.run();
  }

  void ack(const session& s, std::int64_t push_id) {
    caf::anon_send(s.actor, atoms::frame_atom_v,
                   nlohmann::json{{"type", "ack"}, {"id", push_id}}.dump());
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
      sched.advance_time(std::chrono::seconds{1});
      sched.run();
    }
  }
};

using ids = std::vector<std::int64_t>;

} // namespace troupe::test
