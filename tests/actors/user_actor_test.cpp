#include "actors/user_actor.hpp"

#include <algorithm>

#include <caf/actor_registry.hpp>
#include <caf/event_based_actor.hpp>

#include "actors/alarm.hpp"
#include "actors/atoms.hpp"
#include "actors/directory.hpp"
#include "actors/services.hpp"
#include "actors/storage_call.hpp"
#include "tests/actors/actor_fixture.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::actors;
using troupe::test::actor_fixture;
using troupe::test::recording_connection;
using json = nlohmann::json;

namespace {

struct session_fixture : actor_fixture {
  std::shared_ptr<node_context> ctx = make_context();
  directory_actor dir;

  session_fixture() {
    ctx->session.max_bad_frames = 3;
    ctx->session.heartbeat_check_interval = 5s;
    ctx->session.heartbeat_timeout = 120s;
    dir = spawn(directory, node_number{0},
                std::make_shared<telemetry::node_metrics>(),
                caf::timespan{std::chrono::seconds{5}});
    sys.registry().put(names::directory.name, dir);
    sys.registry().put(names::alarm.name, spawn(alarm_clock));
  }

  struct session {
    session_actor actor;
    std::shared_ptr<recording_connection> conn;
  };

  /// Starts a session; logged in as `uid` when given (the `?token=` path).
  session open(protocol::user_id uid = 0, std::string name = "alice") {
    auto conn = std::make_shared<recording_connection>();
    std::optional<protocol::token_claims> claims;
    if (uid != 0)
      claims = protocol::token_claims{uid, std::move(name)};
    auto a = spawn(user_actor, std::shared_ptr<net::connection>{conn},
                   context_ptr{ctx}, claims);
    sched.run();
    return {a, conn};
  }

  /// Lets `d` pass one second at a time, running what falls due, as real
  /// time would.
  void pass(caf::timespan d) {
    while (d > caf::timespan{0}) {
      auto step = std::min<caf::timespan>(d, 1s);
      sched.advance_time(step);
      sched.run();
      d -= step;
    }
  }

  /// Returns the ids of the replies `s` got since the last call, in order.
  static std::vector<std::string> answered(const session& s) {
    std::vector<std::string> ids;
    for (auto& reply : s.conn->take())
      if (reply.contains("id"))
        ids.push_back(reply["id"]);
    return ids;
  }

  void raw_frame(const session& s, const std::string& text) {
    caf::anon_send(s.actor, atoms::frame_atom_v, text);
    sched.run();
  }

  void frame(const session& s, const json& j) { raw_frame(s, j.dump()); }
};

} // namespace

TEST_CASE_FIXTURE(session_fixture,
                  "a session opened with a token is welcomed at once") {
  auto s = open(7, "alice");
  auto frames = s.conn->take();
  REQUIRE(frames.size() == 1);
  CHECK(frames[0]
        == json{{"type", "welcome"}, {"user_id", 7}, {"username", "alice"}});
}

TEST_CASE_FIXTURE(session_fixture,
                  "a second login replaces the first session") {
  auto first = open(7);
  auto second = open(7);
  CHECK(first.conn->take().back()
        == json{{"type", "closing"}, {"reason", "replaced"}});
  CHECK(first.conn->closed_with() == net::close_code::normal);
  CHECK(!alive(first.actor));
  CHECK(second.conn->take().size() == 1); // only its welcome
  CHECK(!second.conn->closed_with());
  CHECK(alive(second.actor));
}

TEST_CASE_FIXTURE(session_fixture,
                  "sessions of different users do not replace each other") {
  auto alice = open(7, "alice");
  auto bob = open(8, "bob");
  CHECK(!alice.conn->closed_with());
  CHECK(!bob.conn->closed_with());
}

TEST_CASE_FIXTURE(session_fixture,
                  "sessions attach again after the directory restarts") {
  auto first = open(7);
  caf::anon_send_exit(dir, caf::exit_reason::kill);
  sched.run();
  dir = spawn(directory, node_number{0},
              std::make_shared<telemetry::node_metrics>(),
              caf::timespan{std::chrono::seconds{5}});
  sys.registry().erase(names::directory.name); // put() keeps an existing entry
  sys.registry().put(names::directory.name, dir);
  CHECK(sched.advance_time(200ms) >= 1);
  sched.run();
  // The new directory knows the session again: a new login replaces it.
  auto second = open(7);
  CHECK(first.conn->closed_with() == net::close_code::normal);
  CHECK(!second.conn->closed_with());
}

TEST_CASE_FIXTURE(session_fixture,
                  "commands other than register, login and ping need a login") {
  auto s = open();
  frame(s, json{{"id", "1"}, {"type", "get_user"}, {"username", "bob"}});
  frame(s, json{{"id", "2"}, {"type", "token"}});
  auto frames = s.conn->take();
  REQUIRE(frames.size() == 2);
  CHECK(frames[0]["code"] == "not_authenticated");
  CHECK(frames[0]["id"] == "1");
  CHECK(frames[1]["code"] == "not_authenticated");
}

TEST_CASE_FIXTURE(session_fixture, "ping answers with the node's clock") {
  auto s = open();
  frame(s, json{{"id", "p"}, {"type", "ping"}});
  auto frames = s.conn->take();
  REQUIRE(frames.size() == 1);
  CHECK(frames[0]["type"] == "ok");
  CHECK(frames[0]["data"]["time"].get<std::int64_t>() > 1'600'000'000'000);
}

TEST_CASE_FIXTURE(session_fixture, "token issues a token for the session") {
  auto s = open(7, "alice");
  s.conn->take();
  frame(s, json{{"id", "t"}, {"type", "token"}});
  auto frames = s.conn->take();
  REQUIRE(frames.size() == 1);
  CHECK(frames[0]["data"]["expires_in"] == 120);
  auto claims
    = ctx->tokens.verify(frames[0]["data"]["token"].get<std::string>(),
                         std::chrono::system_clock::now());
  REQUIRE(claims);
  CHECK(claims->uid == 7);
  CHECK(claims->username == "alice");
}

TEST_CASE_FIXTURE(session_fixture,
                  "bad frames are answered and tolerated up to the limit") {
  auto s = open();
  for (int i = 0; i < 3; ++i)
    raw_frame(s, "not json");
  frame(s, json{{"id", "x"}, {"type", "no_such_command"}});
  auto frames = s.conn->take();
  REQUIRE(frames.size() == 5);
  CHECK(frames[0]["code"] == "bad_request");
  CHECK(frames[0]["id"] == nullptr);
  CHECK(frames[3]["code"] == "unknown_type");
  CHECK(frames[4] == json{{"type", "closing"}, {"reason", "protocol_error"}});
  CHECK(s.conn->closed_with() == net::close_code::policy_violation);
  CHECK(!alive(s.actor));
}

TEST_CASE_FIXTURE(session_fixture, "a good frame resets the bad frame count") {
  auto s = open();
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 3; ++i)
      raw_frame(s, "[]");
    frame(s, json{{"id", "p"}, {"type", "ping"}});
  }
  CHECK(!s.conn->closed_with());
  CHECK(alive(s.actor));
}

TEST_CASE_FIXTURE(session_fixture,
                  "errors other than bad_request and unknown_type are no bad "
                  "frames") {
  auto s = open();
  for (int i = 0; i < 10; ++i)
    frame(s, json{{"id", "g"}, {"type", "get_user"}, {"username", "x"}});
  CHECK(!s.conn->closed_with());
}

TEST_CASE_FIXTURE(session_fixture,
                  "an idle session is closed after the timeout, not before") {
  auto s = open(7);
  s.conn->take();
  pass(119s);
  CHECK(!s.conn->closed_with());
  pass(1s);
  CHECK(s.conn->take().back()
        == json{{"type", "closing"}, {"reason", "idle_timeout"}});
  CHECK(s.conn->closed_with() == net::close_code::normal);
  CHECK(!alive(s.actor));
}

TEST_CASE_FIXTURE(session_fixture, "frames and pings keep a session alive") {
  auto s = open(7);
  pass(100s);
  frame(s, json{{"id", "p"}, {"type", "ping"}});
  pass(100s); // 200 s since start, 100 s since the frame
  caf::anon_send(s.actor, atoms::activity_atom_v); // a WebSocket ping
  sched.run();
  pass(119s);
  CHECK(!s.conn->closed_with());
  pass(1s);
  CHECK(s.conn->closed_with() == net::close_code::normal);
}

TEST_CASE_FIXTURE(session_fixture, "logout answers, pushes closing, closes") {
  auto s = open(7);
  s.conn->take();
  frame(s, json{{"id", "bye"}, {"type", "logout"}});
  auto frames = s.conn->take();
  REQUIRE(frames.size() == 2);
  CHECK(frames[0]
        == json{{"id", "bye"}, {"type", "ok"}, {"data", json::object()}});
  CHECK(frames[1] == json{{"type", "closing"}, {"reason", "logout"}});
  CHECK(s.conn->closed_with() == net::close_code::normal);
  CHECK(!alive(s.actor));
}

TEST_CASE_FIXTURE(session_fixture,
                  "a node shutdown closes every session with going away") {
  auto alice = open(7, "alice");
  auto bob = open(8, "bob");
  caf::anon_send(dir, atoms::shutdown_atom_v);
  sched.run();
  for (auto* s : {&alice, &bob}) {
    CHECK(s->conn->take().back()
          == json{{"type", "closing"}, {"reason", "server_shutdown"}});
    CHECK(s->conn->closed_with() == net::close_code::going_away);
  }
}

TEST_CASE_FIXTURE(session_fixture,
                  "a session whose socket closed stops and leaves the "
                  "directory") {
  auto s = open(7);
  caf::anon_send(s.actor, atoms::closed_atom_v);
  sched.run();
  CHECK(!alive(s.actor));
  self->send(dir, atoms::online_atom_v, user_list{{7}});
  sched.run();
  self->receive(
    [](std::vector<session_address>& where) { CHECK(!where.at(0).online); },
    or_fail());
}

// -- flow control
// ----------------------------------------------------------------

TEST_CASE_FIXTURE(session_fixture,
                  "a session tells its connection each frame is done as soon "
                  "as it is answered, and widens its read window at login") {
  auto s = open();
  CHECK(s.conn->read_window() == 0); // the net layer's own, for strangers
  raw_frame(s, "not json");
  CHECK(s.conn->frames_done() == 1);
  frame(s, json{{"id", "1"}, {"type", "ping"}});
  CHECK(s.conn->frames_done() == 2);
  frame(s, json{{"id", "2"}, {"type", "get_user"}, {"username", "bob"}});
  CHECK(s.conn->frames_done() == 3);
  frame(s, json{{"type", "ack"}, {"id", 5}});
  CHECK(s.conn->frames_done() == 4);
  CHECK(s.conn->take().size() == 4); // an answer for each
  auto member = open(7);
  CHECK(member.conn->read_window() == ctx->session.max_inflight_requests);
  frame(member, json{{"type", "ack"}, {"id", 5}});
  CHECK(member.conn->frames_done() == 1);
}

TEST_CASE_FIXTURE(session_fixture,
                  "a request counts against the read window until it is "
                  "answered, by its timeout if need be") {
  // A store that takes every call and answers none.
  auto held = std::make_shared<std::vector<caf::response_promise>>();
  sys.registry().put(
    names::persistence(0).name, spawn([held](caf::event_based_actor* store) {
      return caf::behavior{[store, held](atoms::run_atom, storage_job&) {
        held->push_back(store->make_response_promise());
        return held->back();
      }};
    }));
  ctx->request_timeout = 10s;
  auto s = open(7);
  frame(s, json{{"id", "1"}, {"type", "get_user"}, {"username", "bob"}});
  frame(s, json{{"id", "2"}, {"type", "friends"}});
  CHECK(s.conn->frames_done() == 0);
  pass(10s);
  CHECK(s.conn->frames_done() == 2);
  for (auto& reply : s.conn->take())
    if (reply.contains("id") && reply["id"].is_string())
      CHECK(reply["code"] == "unavailable");
}

TEST_CASE_FIXTURE(session_fixture,
                  "a session whose client hung up is released at once, "
                  "though its heartbeat and login deadline are far off") {
  auto released_at_once = [&](protocol::user_id uid) {
    std::optional<protocol::token_claims> claims;
    if (uid != 0)
      claims = protocol::token_claims{uid, "alice"};
    // Not the fixture's spawn, which keeps every actor it started.
    auto a = sys.spawn(user_actor,
                       std::shared_ptr<net::connection>{
                         std::make_shared<recording_connection>()},
                       context_ptr{ctx}, claims);
    sched.run();
    auto address = a.address();
    caf::anon_send(a, atoms::closed_atom_v);
    a = nullptr;
    sched.run();
    // Gone, and its memory held by nothing but this test's own address
    // (CAF frees an actor's memory with its last weak reference).
    return !caf::actor_cast<caf::actor>(address)
           && address.get()->weak_refs == 1;
  };
  CHECK(released_at_once(0));
  CHECK(released_at_once(7));
  // Their ticks come due and find no one.
  pass(121s);
}

TEST_CASE_FIXTURE(session_fixture,
                  "a socket that has not logged in within login_timeout is "
                  "closed; a logged-in one is not") {
  ctx->session.login_timeout = 30s;
  auto stranger = open();
  auto member = open(7);
  pass(29s);
  CHECK(!stranger.conn->closed_with());
  pass(1s);
  CHECK(stranger.conn->closed_with() == net::close_code::policy_violation);
  CHECK(!alive(stranger.actor));
  CHECK(!member.conn->closed_with());
  CHECK(alive(member.actor));
}

TEST_CASE_FIXTURE(session_fixture,
                  "messages past the send budget wait for their tokens, and "
                  "every frame behind them waits in order") {
  ctx->session.send_rate = 2;
  ctx->session.send_burst = 2;
  auto s = open(7);
  s.conn->take();
  auto send = [&](const std::string& id) {
    frame(s, json{{"id", id},
                  {"type", "send"},
                  {"to", "bob"},
                  {"kind", "text"},
                  {"body", "hi"}});
  };
  for (auto id : {"s1", "s2", "s3", "s4"})
    send(id);
  frame(s, json{{"id", "p1"}, {"type", "ping"}});
  // No store here: each send is answered `unavailable` once it runs.
  CHECK(answered(s) == std::vector<std::string>{"s1", "s2"});
  CHECK(s.conn->frames_done() == 2);
  pass(1s);
  CHECK(answered(s) == std::vector<std::string>{"s3", "s4", "p1"});
  CHECK(s.conn->frames_done() == 5);
  // Other commands never spend the budget.
  for (int i = 0; i < 5; ++i)
    frame(s, json{{"id", "q" + std::to_string(i)}, {"type", "ping"}});
  CHECK(answered(s).size() == 5);
}

TEST_CASE_FIXTURE(session_fixture,
                  "requests past the request budget wait for their tokens, "
                  "before login and after; acks never wait") {
  ctx->session.request_rate = 2;
  ctx->session.request_burst = 3;
  auto stranger = open();
  for (auto id : {"p1", "p2", "p3", "p4", "p5"})
    frame(stranger, json{{"id", id}, {"type", "ping"}});
  CHECK(answered(stranger) == std::vector<std::string>{"p1", "p2", "p3"});
  pass(500ms);
  CHECK(answered(stranger) == std::vector<std::string>{"p4"});
  pass(500ms);
  CHECK(answered(stranger) == std::vector<std::string>{"p5"});
  auto member = open(7);
  member.conn->take();
  for (auto id : {"q1", "q2", "q3", "q4"})
    frame(member, json{{"id", id}, {"type", "ping"}});
  CHECK(answered(member) == std::vector<std::string>{"q1", "q2", "q3"});
  // An ack behind a waiting request is done at once.
  frame(member, json{{"type", "ack"}, {"id", 5}});
  CHECK(member.conn->frames_done() == 4);
  pass(500ms);
  CHECK(answered(member) == std::vector<std::string>{"q4"});
  CHECK(member.conn->frames_done() == 5);
}

TEST_CASE_FIXTURE(session_fixture,
                  "friend requests spend the send budget: each stores a push "
                  "for another user, as a message does") {
  ctx->session.send_rate = 1;
  ctx->session.send_burst = 2;
  auto s = open(7);
  s.conn->take();
  for (auto id : {"f1", "f2", "f3"})
    frame(s, json{{"id", id}, {"type", "friend_request"}, {"username", "bob"}});
  CHECK(answered(s) == std::vector<std::string>{"f1", "f2"});
  pass(1s);
  CHECK(answered(s) == std::vector<std::string>{"f3"});
}
