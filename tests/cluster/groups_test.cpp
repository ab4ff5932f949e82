// Groups across nodes: a group whose members are on all three nodes, its
// actor on one of them (local to some clients, remote to the others). Every
// command works from every node; a group message reaches each online member
// once, in the group's one order; online flags cover the cluster.

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/cluster/cluster_fixture.hpp"
#include "tests/integration/helpers.hpp"

using namespace troupe::test;

namespace {

using ids = std::vector<std::int64_t>;

json group_call(ws_client& c, const std::string& type, std::int64_t group_id,
                json params = json::object()) {
  params["group_id"] = group_id;
  return c.call(type, std::move(params));
}

/// Takes the next `group_update` of `c` about `username`, and acks it.
void expect_update(ws_client& c, const std::string& change,
                   const std::string& username) {
  auto push = c.next_push("group_update");
  INFO(push.dump());
  CHECK(push["change"] == change);
  CHECK(push["username"] == username);
  c.ack(push);
}

/// alice on node 0 owns a group of bob on node 1 and carol on node 2.
struct spread_group {
  cluster nodes{3};
  std::array<std::string, 3> names{"alice", "bob", "carol"};
  std::array<ws_client, 3> members{logged_in(nodes.port(0), "alice"),
                                   logged_in(nodes.port(1), "bob"),
                                   logged_in(nodes.port(2), "carol")};
  std::int64_t group = 0;

  spread_group() {
    group = ok_data(
      members[0].call("group_create", {{"name", "everywhere"}}))["group_id"];
    for (std::size_t i = 1; i < 3; ++i) {
      ok_data(
        group_call(members[0], "group_add", group, {{"username", names[i]}}));
      for (std::size_t j = 0; j <= i; ++j)
        expect_update(members[j], "added", names[i]);
    }
  }
};

} // namespace

TEST_CASE_FIXTURE(spread_group, "group messages from every node reach every "
                                "online member once, in one order") {
  ids sent;
  std::array<ids, 3> sent_by;
  for (int round = 0; round < 4; ++round)
    for (std::size_t i = 0; i < 3; ++i) {
      auto reply = ok_data(group_call(
        members[i], "group_send", group,
        {{"kind", "text"}, {"body", names[i] + " " + std::to_string(round)}}));
      sent.push_back(reply["msg_id"]);
      sent_by[i].push_back(reply["msg_id"]);
    }
  // Sent one after another, answered in the group's order.
  CHECK(std::is_sorted(sent.begin(), sent.end()));
  CHECK(std::adjacent_find(sent.begin(), sent.end()) == sent.end());
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(names[i]);
    ids expected;
    for (auto id : sent)
      if (std::find(sent_by[i].begin(), sent_by[i].end(), id)
          == sent_by[i].end())
        expected.push_back(id);
    ids got;
    while (got.size() < expected.size()) {
      auto push = members[i].next_push("message");
      CHECK(push["group_id"] == group);
      got.push_back(push["id"]);
      members[i].ack(push);
    }
    CHECK(got == expected);
    // Nothing came twice: a request answered after the pushes finds no
    // other message before it.
    ok_data(members[i].call("ping"));
    CHECK_FALSE(members[i].has_kept("message"));
  }
  // History reads the same from every node.
  for (auto& member : members) {
    auto history = ok_data(
      group_call(member, "history", group, {{"limit", 50}}))["messages"];
    REQUIRE(history.size() == sent.size());
  }
}

TEST_CASE_FIXTURE(spread_group, "changes from every node reach every member, "
                                "and refusals come back as they are") {
  // The owner makes bob an admin; bob, on another node, adds dave.
  ok_data(group_call(members[0], "group_set_role", group,
                     {{"username", "bob"}, {"role", "admin"}}));
  for (auto& member : members)
    expect_update(member, "role", "bob");
  ws_client dave_socket{nodes.port(1)};
  register_user(dave_socket, "dave");
  ok_data(group_call(members[1], "group_add", group, {{"username", "dave"}}));
  for (auto& member : members)
    expect_update(member, "added", "dave");
  CHECK(error_code_of(group_call(members[2], "group_set_state", group,
                                 {{"state", "muted"}}))
        == "forbidden");
  CHECK(error_code_of(
          group_call(members[2], "group_kick", group, {{"username", "alice"}}))
        == "forbidden");
  // carol leaves from node 2; the others hear it.
  ok_data(group_call(members[2], "group_leave", group));
  for (auto& member : members)
    expect_update(member, "removed", "carol");
}

TEST_CASE_FIXTURE(spread_group, "group_members shows who is online on any "
                                "node") {
  ws_client dave_socket{nodes.port(2)};
  register_user(dave_socket, "dave"); // registered, never logged in
  ok_data(group_call(members[0], "group_add", group, {{"username", "dave"}}));
  for (auto& member : members) {
    auto listed
      = ok_data(group_call(member, "group_members", group))["members"];
    REQUIRE(listed.size() == 4);
    for (auto& m : listed) {
      INFO(m.dump());
      CHECK(m["online"] == (m["username"] != "dave"));
    }
  }
}
