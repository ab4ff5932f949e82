// The group hubs of three nodes on one test coordinator, wired as peers the
// way the cluster link wires them, over one store: one actor per group in
// the cluster, on the node the placement gives it; requests relayed there
// and answered; a lost node's groups moving on; a peer that never answers;
// and an actor whose claim was superseded, which writes nothing.

#include "actors/group_hub.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <caf/after.hpp>

#include "domain/group_placement.hpp"
#include "tests/actors/group_fixture.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::actors;
using troupe::test::error_of;
using troupe::test::group_fixture;
using troupe::test::ids;
using troupe::test::json;
using troupe::test::msg_id_of;

namespace {

using hub_list = std::vector<std::size_t>;

struct hubs_fixture : group_fixture {
  static constexpr std::size_t count = 3;
  /// Hub `i` is node `i`'s; hub 0 is the fixture's, the one the sessions
  /// ask. They share the directory and the store.
  std::array<group_hub_actor, count> hubs;

  hubs_fixture() {
    hubs[0] = hub;
    for (std::size_t i = 1; i < count; ++i)
      hubs[i]
        = spawn(group_hub, context_ptr{ctx},
                domain::group_host{static_cast<node_number>(i), 0}, false);
  }

  /// Tells every hub about every other, as the cluster link does.
  void link_all() {
    for (std::size_t i = 0; i < count; ++i)
      for (std::size_t j = 0; j < count; ++j)
        if (i != j)
          caf::anon_send(hubs[i], atoms::peer_up_atom_v,
                         static_cast<node_number>(j),
                         caf::actor_cast<peer_group_hub_actor>(hubs[j]));
    sched.run();
  }

  /// Stores a new group (alice, bob, carol, dave) that the placement puts
  /// on `node` among `nodes`.
  std::int64_t group_placed_on(node_number node,
                               const std::vector<node_number>& nodes
                               = {0, 1, 2}) {
    for (int tries = 0; tries < 1000; ++tries) {
      auto id = ctx->ids->next();
      if (domain::place_group(id, nodes) == node)
        return make_group(id);
    }
    FAIL("no group id placed on node " << node);
    return 0;
  }

  /// Returns the hubs that run an actor of `group_id`.
  hub_list hosts_of(std::int64_t group_id) {
    hub_list out;
    for (std::size_t i = 0; i < count; ++i)
      if (alive(hubs[i]) && group_actor_on(hubs[i], group_id))
        out.push_back(i);
    return out;
  }

  /// A command of `name` about `group_id`, as a session sends it.
  group_request request_of(const std::string& name,
                           group_request::command cmd) {
    return group_request{uid[name], name, "t" + std::to_string(++request_count),
                         std::move(cmd)};
  }

  /// Returns the reply frame the test's actor got, or an error's code.
  std::string answer() {
    std::string out;
    self->receive(
      [&](std::string& frame) { out = json::parse(frame).value("type", ""); },
      [&](caf::error& err) {
        out
          = "error " + std::string{protocol::to_string(to_protocol_error(err))};
      },
      or_fail());
    return out;
  }

  /// Whether the test's actor got nothing so far.
  bool nothing_yet() {
    auto none = true;
    self->receive([&](caf::message&) { none = false; },
                  caf::after(std::chrono::seconds{0}) >> [] {});
    return none;
  }
};

} // namespace

TEST_CASE_FIXTURE(hubs_fixture, "a command for a group placed on another "
                                "node is relayed to its hub and answered") {
  group = group_placed_on(1);
  link_all();
  auto alice = open("alice");
  auto bob = open("bob");
  auto id = msg_id_of(send_text(alice, "hello"));
  CHECK(pushed(bob) == ids{id});
  CHECK(hosts_of(group) == hub_list{1});
  // A refusal comes back as it is.
  CHECK(error_of(call(bob, "group_set_state", {{"state", "muted"}}))
        == "forbidden");
  auto members = call(bob, "group_members");
  REQUIRE(members.value("type", "") == "ok");
  CHECK(members["data"]["members"].size() == 4);
}

TEST_CASE_FIXTURE(hubs_fixture, "every hub places a group on the same node: "
                                "one actor per group in the cluster") {
  link_all();
  for (int i = 0; i < 6; ++i) {
    auto g = make_group(ctx->ids->next());
    for (auto& h : hubs) {
      self->send(h, atoms::group_atom_v,
                 request_of("bob", protocol::group_members_command{g}));
      sched.run();
      CHECK(answer() == "ok");
    }
    CHECK(
      hosts_of(g)
      == hub_list{domain::place_group(g, std::vector<node_number>{0, 1, 2})});
  }
}

TEST_CASE_FIXTURE(hubs_fixture, "a lost node's group moves to a live node at "
                                "its next request, and the online members "
                                "read their backlog again") {
  group = group_placed_on(1);
  link_all();
  auto alice = open("alice");
  auto bob = open("bob");
  auto first = msg_id_of(send_text(alice, "before"));
  CHECK(pushed(bob) == ids{first});
  ack(bob, first);
  pass(1s);
  auto on_lost_node = group_actor_on(hubs[1], group);
  REQUIRE(on_lost_node);
  caf::anon_send_exit(hubs[1], caf::exit_reason::kill);
  sched.run();
  CHECK(!alive(on_lost_node));
  // What the lost node stored and never handed out.
  auto lost = store_unsent("carol", "lost");
  auto second = msg_id_of(send_text(alice, "after"));
  auto now_on = domain::place_group(group, std::vector<node_number>{0, 2});
  CHECK(hosts_of(group) == hub_list{now_on});
  CHECK(pushed(bob) == ids{lost.msg_id, second});
}

TEST_CASE_FIXTURE(hubs_fixture, "a node that comes up takes its groups: the "
                                "actor of one elsewhere is let go") {
  group = group_placed_on(2);
  // Alone, hub 0 hosts every group.
  auto alice = open("alice");
  auto bob = open("bob");
  auto first = msg_id_of(send_text(alice, "first"));
  CHECK(pushed(bob) == ids{first});
  auto before = group_actor_on(hubs[0], group);
  REQUIRE(before);
  link_all();
  CHECK(!alive(before));
  auto second = msg_id_of(send_text(alice, "second"));
  CHECK(hosts_of(group) == hub_list{2});
  CHECK(pushed(bob) == ids{second});
}

TEST_CASE_FIXTURE(hubs_fixture, "a request to a peer that does not answer is "
                                "answered unavailable") {
  ctx->request_timeout = 5s;
  group = group_placed_on(5, {0, 1, 2, 5});
  link_all();
  // Node 5's hub takes requests and never answers: as a node whose link
  // is lost (no error ever comes back for what it took).
  auto silent = spawn([](caf::event_based_actor* peer) -> caf::behavior {
    return {[peer](atoms::relay_atom, group_request&) {
      return peer->make_response_promise<std::string>();
    }};
  });
  caf::anon_send(hubs[0], atoms::peer_up_atom_v, node_number{5},
                 caf::actor_cast<peer_group_hub_actor>(silent));
  sched.run();
  protocol::group_send_command cmd;
  cmd.group_id = group;
  cmd.body = "into the void";
  self->send(hubs[0], atoms::group_atom_v, request_of("alice", cmd));
  sched.run();
  CHECK(nothing_yet());
  SUBCASE("within the request timeout") {
    sched.advance_time(4s);
    sched.run();
    CHECK(nothing_yet());
    sched.advance_time(1s);
    sched.run();
    CHECK(answer() == "error unavailable");
  }
  SUBCASE("or as soon as the peer is lost") {
    caf::anon_send_exit(silent, caf::exit_reason::remote_link_unreachable);
    sched.run();
    CHECK(answer() == "error unavailable");
  }
  CHECK(hosts_of(group).empty());
}

TEST_CASE_FIXTURE(hubs_fixture, "an actor whose claim was superseded stores "
                                "nothing and steps down; the retry reaches a "
                                "fresh one") {
  group = group_placed_on(0);
  link_all();
  auto alice = open("alice");
  auto bob = open("bob");
  auto first = msg_id_of(send_text(alice, "first"));
  CHECK(pushed(bob) == ids{first});
  ack(bob, first);
  pass(1s);
  auto stale = group_actor_on(hubs[0], group);
  REQUIRE(stale);
  // Node 1 took the group (its view of the cluster was behind): its actor
  // claimed the group after hub 0's.
  self->send(hubs[1], atoms::relay_atom_v,
             request_of("carol", protocol::group_members_command{group}));
  sched.run();
  CHECK(answer() == "ok");
  CHECK(hosts_of(group) == hub_list{0, 1});
  // The older actor's write is refused, and nothing of it stored.
  auto refused = call(alice, "group_send",
                      {{"id", "again"}, {"kind", "text"}, {"body", "stale"}});
  CHECK(error_of(refused) == "unavailable");
  CHECK(pushed(bob).empty());
  auto stored = db->message_by_client_id(uid["alice"], "again");
  CHECK((!stored && stored.error() == storage::errc::not_found));
  CHECK(!alive(stale));
  CHECK(hosts_of(group) == hub_list{1});
  // The client's retry reaches a fresh actor on node 0, which takes the
  // group back.
  auto retried = call(alice, "group_send",
                      {{"id", "again"}, {"kind", "text"}, {"body", "stale"}});
  auto id = msg_id_of(retried);
  CHECK(hosts_of(group) == hub_list{0, 1});
  CHECK(pushed(bob) == ids{id});
}
