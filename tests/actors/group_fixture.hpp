#pragma once

// Group actors on the test coordinator, with real sessions, directory, hub
// and persistence worker over a real SQLite file: alice owns a group of
// bob, carol and dave; sessions open, send commands and collect pushes.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor_registry.hpp>

#include "actors/atoms.hpp"
#include "actors/directory.hpp"
#include "actors/group_hub.hpp"
#include "actors/persistence.hpp"
#include "actors/services.hpp"
#include "actors/user_actor.hpp"
#include "storage/adapter.hpp"
#include "tests/actors/actor_fixture.hpp"
#include "tests/support/test_backend.hpp"

namespace troupe::test {

using namespace std::chrono_literals;
using json = nlohmann::json;

using ids = std::vector<std::int64_t>;

struct group_fixture : actor_fixture {
  std::shared_ptr<actors::node_context> ctx = make_context();
  storage::settings store;
  /// The test's own connection to the store the worker uses.
  std::unique_ptr<storage::adapter> db;
  actors::group_hub_actor hub;
  std::map<std::string, protocol::user_id> uid;
  std::int64_t group = 0;
  int request_count = 0;

  struct session {
    actors::session_actor actor;
    std::shared_ptr<recording_connection> conn;
    std::string name;
  };

  group_fixture() {
    ctx->delivery.resend_interval = 1h;
    ctx->session.heartbeat_timeout = 10h;
    ctx->groups.idle_stop = 1min;
    store.sqlite_path = test::make_temp_dir() + "/troupe.db";
    db = storage::make_adapter(store);
    REQUIRE(db->open());
    for (auto name : {"alice", "bob", "carol", "dave"}) {
      storage::new_user u;
      u.username = name;
      u.password_hash = "x";
      uid[name] = *db->user_create(u);
    }
    sys.registry().put(actors::names::directory.name,
                       spawn(actors::directory, actors::node_number{0},
                             std::make_shared<telemetry::node_metrics>(),
                             caf::timespan{std::chrono::seconds{5}}));
    sys.registry().put(actors::names::persistence(0).name,
                       spawn(actors::persistence_worker, store, std::size_t{64},
                             test_call_deadline,
                             std::make_shared<telemetry::node_metrics>()));
    hub = spawn(actors::group_hub, actors::context_ptr{ctx},
                domain::group_host{}, false);
    sys.registry().put(actors::names::groups.name, hub);
    group = make_group(ctx->ids->next());
  }

  /// Stores the group `group_id`: alice owns it; bob, carol and dave are
  /// members.
  std::int64_t make_group(std::int64_t group_id) {
    storage::group_record g;
    g.group_id = group_id;
    g.name = "climbers";
    REQUIRE(db->group_create(g, uid["alice"]));
    for (auto name : {"bob", "carol", "dave"})
      REQUIRE(db->group_member_add(group_id, uid[name],
                                   protocol::group_role::member, 1, 0));
    return group_id;
  }

  /// Opens a session (the `?token=` path), runs it, drops its welcome.
  session open(const std::string& name) {
    auto s = start(name);
    sched.run();
    return s;
  }

  /// Starts a session (the `?token=` path) without running it.
  session start(const std::string& name) {
    auto conn = std::make_shared<recording_connection>();
    auto a = spawn(actors::user_actor, std::shared_ptr<net::connection>{conn},
                   actors::context_ptr{ctx},
                   std::optional<protocol::token_claims>{{uid[name], name}});
    return {a, conn, name};
  }

  /// Sends `type` with `params` from `s` (with a fresh request id unless
  /// `params` has one); returns the reply and keeps the pushes written
  /// meanwhile in `pushes`.
  json call(const session& s, const std::string& type, json params = {}) {
    if (!params.contains("id"))
      params["id"] = "r" + std::to_string(++request_count);
    auto id = params["id"];
    params["type"] = type;
    if (!params.contains("group_id") && type.rfind("group_", 0) == 0)
      params["group_id"] = group;
    caf::anon_send(s.actor, atoms::frame_atom_v, params.dump());
    sched.run();
    json reply;
    for (auto& frame : s.conn->take()) {
      if (frame.value("id", json{}) == id)
        reply = frame;
      else
        pushes[s.name].push_back(frame);
    }
    return reply;
  }

  json send_text(const session& s, const std::string& text) {
    return call(s, "group_send", {{"kind", "text"}, {"body", text}});
  }

  /// Returns the ids of the pushes of `type` `s` got since the last call.
  ids pushed(const session& s, const std::string& type = "message") {
    for (auto& frame : s.conn->take())
      pushes[s.name].push_back(frame);
    ids out;
    for (auto& frame : std::exchange(pushes[s.name], {}))
      if (frame.value("type", "") == type)
        out.push_back(frame["id"]);
    return out;
  }

  void ack(const session& s, std::int64_t push_id) {
    caf::anon_send(s.actor, atoms::frame_atom_v,
                   json{{"type", "ack"}, {"id", push_id}}.dump());
    sched.run();
  }

  /// Lets `d` pass one second at a time, as real time would.
  void pass(std::chrono::seconds d) {
    for (auto i = 0; i < d.count(); ++i) {
      sched.advance_time(1s);
      sched.run();
    }
  }

  /// Stores a group message from `sender` behind every actor's back: what
  /// a commit whose fan-out was lost leaves.
  storage::message_record store_unsent(const std::string& sender,
                                       const std::string& request_id) {
    storage::message_record m;
    m.msg_id = ctx->ids->next();
    m.sender_id = uid[sender];
    m.group_id = group;
    m.body = "stored, never handed out";
    m.ts = 1;
    m.client_id = request_id;
    REQUIRE(db->message_store(m));
    return m;
  }

  /// Returns the hub's actor for the group; invalid when it has none.
  actors::group_actor group_actor_now() { return group_actor_on(hub, group); }

  /// Returns the actor `on` runs for `group_id`; invalid when it has none.
  static actors::group_actor group_actor_on(const actors::group_hub_actor& on,
                                            std::int64_t group_id) {
    auto h = caf::actor_cast<
      actors::group_hub_actor::stateful_pointer<actors::group_hub_state>>(on);
    auto i = h->state.groups.find(group_id);
    return i != h->state.groups.end() ? i->second : actors::group_actor{};
  }

  std::int64_t position_of(const std::string& name) {
    auto members = db->group_members(group);
    REQUIRE(members);
    for (auto& m : *members)
      if (m.uid == uid[name])
        return m.delivered_to;
    FAIL("not a member: " << name);
    return 0;
  }

  std::map<std::string, std::vector<json>> pushes;
};

inline std::int64_t msg_id_of(const json& reply) {
  INFO(reply.dump());
  REQUIRE(reply.value("type", "") == "ok");
  return reply["data"]["msg_id"];
}

inline std::string error_of(const json& reply) {
  INFO(reply.dump());
  REQUIRE(reply.value("type", "") == "error");
  return reply["code"];
}

} // namespace troupe::test
