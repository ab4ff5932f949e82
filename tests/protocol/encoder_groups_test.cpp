// The exact JSON of the group replies and the group_update push
// (PROTOCOL.md sections 3 and 4). Output is parsed back, never compared as
// text, so key order and spacing stay free.

#include "protocol/encoder.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "protocol/payloads.hpp"
#include "tests/protocol/encoder_support.hpp"

using namespace troupe::protocol;
using json = nlohmann::json;
using troupe::test::keys;
using troupe::test::keys_of;
using troupe::test::ok_data;
using troupe::test::parse;
using troupe::test::tricky;

namespace {

struct named_role {
  group_role role;
  const char* name;
};

struct named_state {
  group_state state;
  const char* name;
};

struct named_change {
  group_change change;
  const char* name;
};

constexpr named_role all_roles[] = {{group_role::owner, "owner"},
                                    {group_role::admin, "admin"},
                                    {group_role::member, "member"}};

constexpr named_state all_states[] = {{group_state::normal, "normal"},
                                      {group_state::muted, "muted"},
                                      {group_state::admins_only, "admins_only"},
                                      {group_state::dissolved, "dissolved"}};

constexpr named_change all_changes[] = {{group_change::added, "added"},
                                        {group_change::removed, "removed"},
                                        {group_change::role, "role"},
                                        {group_change::state, "state"}};

group_update_view sample_update() {
  group_update_view u;
  u.push_id = 4711;
  u.group_id = 8;
  u.change = group_change::role;
  u.username = "bob";
  u.role = group_role::admin;
  u.state = group_state::admins_only;
  u.ts = 1704067200003;
  return u;
}

} // namespace

// -- group_change -------------------------------------------------------------

TEST_CASE("group changes have their wire names") {
  for (auto& [change, name] : all_changes) {
    INFO(std::string{name});
    CHECK(to_string(change) == name);
  }
}

// -- group_create -------------------------------------------------------------

TEST_CASE("encode_group_created writes data {group_id}") {
  auto data = ok_data(encode_group_created("g-1", 77), "g-1");
  CHECK(keys_of(data) == keys{"group_id"});
  CHECK(data["group_id"].is_number_integer());
  CHECK(data["group_id"].get<std::int64_t>() == 77);
  data = ok_data(encode_group_created("g-2", max_id), "g-2");
  CHECK(data["group_id"].get<std::int64_t>() == max_id);
}

// -- groups -------------------------------------------------------------------

TEST_CASE("encode_groups writes data {groups} of {group_id, name, role, "
          "state}") {
  std::vector<group_view> groups{
    {3, "club", group_role::owner, group_state::normal},
    {9, tricky, group_role::member, group_state::admins_only}};
  auto data = ok_data(encode_groups("g-3", groups, false), "g-3");
  CHECK(keys_of(data) == keys{"groups", "more"});
  REQUIRE(data["groups"].is_array());
  REQUIRE(data["groups"].size() == 2);
  auto& first = data["groups"][0];
  CHECK(keys_of(first) == keys{"group_id", "name", "role", "state"});
  CHECK(first["group_id"].is_number_integer());
  CHECK(first["group_id"].get<std::int64_t>() == 3);
  CHECK(first["name"] == "club");
  CHECK(first["role"] == "owner");
  CHECK(first["state"] == "normal");
  auto& second = data["groups"][1];
  CHECK(keys_of(second) == keys{"group_id", "name", "role", "state"});
  CHECK(second["group_id"].get<std::int64_t>() == 9);
  CHECK(second["name"] == tricky);
  CHECK(second["role"] == "member");
  CHECK(second["state"] == "admins_only");
}

TEST_CASE("encode_groups writes the wire name of every role and state") {
  for (auto& [role, role_name] : all_roles) {
    for (auto& [state, state_name] : all_states) {
      INFO(std::string{role_name} << " / " << std::string{state_name});
      auto data = ok_data(
        encode_groups("g-4", {group_view{1, "g", role, state}}, false), "g-4");
      REQUIRE(data["groups"].size() == 1);
      CHECK(data["groups"][0]["role"] == role_name);
      CHECK(data["groups"][0]["state"] == state_name);
    }
  }
}

TEST_CASE("encode_groups writes an empty array for no groups") {
  auto data = ok_data(encode_groups("g-5", {}, false), "g-5");
  CHECK(keys_of(data) == keys{"groups", "more"});
  CHECK(data["groups"].is_array());
  CHECK(data["groups"].empty());
  CHECK(data["more"] == false);
  CHECK(ok_data(encode_groups("g-5", {}, true), "g-5")["more"] == true);
}

// -- group_members ------------------------------------------------------------

TEST_CASE("encode_group_members writes data {members} of {user_id, "
          "username, role, online}") {
  std::vector<group_member_view> members{
    {11, "alice", group_role::owner, true},
    {12, "bob", group_role::admin, false},
    {max_id, "carol", group_role::member, true}};
  auto data = ok_data(encode_group_members("g-6", members), "g-6");
  CHECK(keys_of(data) == keys{"members"});
  REQUIRE(data["members"].is_array());
  REQUIRE(data["members"].size() == 3);
  struct {
    std::int64_t uid;
    const char* username;
    const char* role;
    bool online;
  } expected[] = {{11, "alice", "owner", true},
                  {12, "bob", "admin", false},
                  {max_id, "carol", "member", true}};
  for (std::size_t i = 0; i < 3; ++i) {
    auto& m = data["members"][i];
    INFO("member: " << m.dump());
    CHECK(keys_of(m) == keys{"user_id", "username", "role", "online"});
    CHECK(m["user_id"].is_number_integer());
    CHECK(m["user_id"].get<std::int64_t>() == expected[i].uid);
    CHECK(m["username"] == expected[i].username);
    CHECK(m["role"] == expected[i].role);
    CHECK(m["online"].is_boolean());
    CHECK(m["online"] == expected[i].online);
  }
}

TEST_CASE("encode_group_members writes an empty array for no members") {
  auto data = ok_data(encode_group_members("g-7", {}), "g-7");
  CHECK(keys_of(data) == keys{"members"});
  CHECK(data["members"].is_array());
  CHECK(data["members"].empty());
}

// -- group_update push --------------------------------------------------------

TEST_CASE("encode_group_update_push writes {type, id, group_id, change, "
          "username, role, state, ts}") {
  auto push = parse(encode_group_update_push(sample_update()));
  CHECK(keys_of(push)
        == keys{"type", "id", "group_id", "change", "username", "role", "state",
                "ts"});
  CHECK(push["type"] == "group_update");
  CHECK(push["id"].is_number_integer());
  CHECK(push["id"].get<std::int64_t>() == 4711);
  CHECK(push["group_id"].is_number_integer());
  CHECK(push["group_id"].get<std::int64_t>() == 8);
  CHECK(push["change"] == "role");
  CHECK(push["username"] == "bob");
  CHECK(push["role"] == "admin");
  CHECK(push["state"] == "admins_only");
  CHECK(push["ts"].is_number_integer());
  CHECK(push["ts"].get<std::int64_t>() == 1704067200003);
}

TEST_CASE("encode_group_update_push writes the wire name of every change, "
          "role and state") {
  for (auto& [change, name] : all_changes) {
    INFO("change: " << std::string{name});
    auto u = sample_update();
    u.change = change;
    auto push = parse(encode_group_update_push(u));
    CHECK(keys_of(push).size() == 8);
    CHECK(push["change"] == name);
  }
  for (auto& [role, name] : all_roles) {
    INFO("role: " << std::string{name});
    auto u = sample_update();
    u.role = role;
    CHECK(parse(encode_group_update_push(u))["role"] == name);
  }
  for (auto& [state, name] : all_states) {
    INFO("state: " << std::string{name});
    auto u = sample_update();
    u.state = state;
    CHECK(parse(encode_group_update_push(u))["state"] == name);
  }
}

TEST_CASE("encode_group_update_push keeps a username that needs escaping "
          "and the largest ids exactly") {
  auto u = sample_update();
  u.username = tricky;
  u.push_id = max_id;
  u.group_id = max_id;
  auto push = parse(encode_group_update_push(u));
  CHECK(push["username"] == tricky);
  CHECK(push["id"].get<std::int64_t>() == max_id);
  CHECK(push["group_id"].get<std::int64_t>() == max_id);
}
