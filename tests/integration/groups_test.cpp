// Groups over real sockets: every command and error code of PROTOCOL.md,
// the `group_update` and `message` pushes to online and offline members,
// idempotent `group_send`, history and files.

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;

namespace {

json group_call(ws_client& c, const std::string& type, std::int64_t group_id,
                json params = json::object()) {
  params["group_id"] = group_id;
  return c.call(type, std::move(params));
}

/// Returns the error code `type` about `group_id` is answered with.
std::string code(ws_client& c, const std::string& type, std::int64_t group_id,
                 json params = json::object()) {
  return error_code_of(group_call(c, type, group_id, std::move(params)));
}

std::int64_t create_group(ws_client& owner, const std::string& name) {
  return ok_data(owner.call("group_create", {{"name", name}}))["group_id"];
}

/// Takes the next `group_update` push of `c`, checks it and acks it.
void expect_update(ws_client& c, std::int64_t group_id,
                   const std::string& change, const std::string& username,
                   const std::string& role, const std::string& state) {
  auto push = c.next_push("group_update");
  INFO(push.dump());
  CHECK(push["group_id"] == group_id);
  CHECK(push["change"] == change);
  CHECK(push["username"] == username);
  CHECK(push["role"] == role);
  CHECK(push["state"] == state);
  CHECK(push["id"].get<std::int64_t>() > 0);
  CHECK(push["ts"].get<std::int64_t>() > 0);
  c.ack(push);
}

/// Adds `name` (online as `member`) and consumes the `added` update at the
/// new member and at every one of `others`.
void add_online(ws_client& by, std::int64_t group_id, ws_client& member,
                const std::string& name,
                std::initializer_list<ws_client*> others) {
  ok_data(group_call(by, "group_add", group_id, {{"username", name}}));
  expect_update(member, group_id, "added", name, "member", "normal");
  for (auto* other : others)
    expect_update(*other, group_id, "added", name, "member", "normal");
}

json group_text(ws_client& c, std::int64_t group_id, const std::string& text) {
  return group_call(c, "group_send", group_id,
                    {{"kind", "text"}, {"body", text}});
}

/// alice (owner), bob and carol (members), all online.
struct trio {
  explicit trio(const node_process& node)
    : alice(logged_in(node.port(), "alice")),
      bob(logged_in(node.port(), "bob")),
      carol(logged_in(node.port(), "carol")),
      group(create_group(alice, "climbers")) {
    add_online(alice, group, bob, "bob", {&alice});
    add_online(alice, group, carol, "carol", {&alice, &bob});
  }

  ws_client alice;
  ws_client bob;
  ws_client carol;
  std::int64_t group;
};

} // namespace

TEST_CASE("a group is created with its creator as owner, and listed") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto group = create_group(alice, "climbers ⛰");
  CHECK(group > 0);
  auto groups = ok_data(alice.call("groups"))["groups"];
  CHECK(groups
        == json::array({{{"group_id", group},
                         {"name", "climbers ⛰"},
                         {"role", "owner"},
                         {"state", "normal"}}}));
  auto members = ok_data(group_call(alice, "group_members", group));
  CHECK(members["members"]
        == json::array(
          {{{"user_id", ok_data(alice.call(
                          "get_user", {{"username", "alice"}}))["user_id"]},
            {"username", "alice"},
            {"role", "owner"},
            {"online", true}}}));
  CHECK(error_code_of(alice.call("group_create", {{"name", ""}}))
        == "bad_request");
  CHECK(
    error_code_of(alice.call("group_create", {{"name", std::string(65, 'x')}}))
    == "bad_request");
}

TEST_CASE("a group message goes to every member but its sender") {
  node_process node;
  trio t{node};
  auto sent = ok_data(group_text(t.bob, t.group, "hello, climbers"));
  auto msg_id = sent["msg_id"].get<std::int64_t>();
  for (auto* member : {&t.alice, &t.carol}) {
    auto push = member->next_push("message");
    CHECK(push
          == json{{"type", "message"},
                  {"id", msg_id},
                  {"msg_id", msg_id},
                  {"from", "bob"},
                  {"group_id", t.group},
                  {"kind", "text"},
                  {"body", "hello, climbers"},
                  {"ts", sent["ts"]}});
    member->ack(push);
  }
  // Pushes of one group reach a member in the group's order: had bob got
  // his own message, it would come before alice's.
  auto next = ok_data(group_text(t.alice, t.group, "hi bob"));
  auto push = t.bob.next_push("message");
  CHECK(push["id"] == next["msg_id"]);
  t.bob.ack(push);
  t.carol.ack(t.carol.next_push("message"));
}

TEST_CASE("group members are listed with their roles and whether online") {
  node_process node;
  trio t{node};
  ok_data(group_call(t.alice, "group_set_role", t.group,
                     {{"username", "bob"}, {"role", "admin"}}));
  // dave registers over HTTP and never opens a session.
  auto registered
    = http_call(node.port(), "POST", "/api/register",
                R"({"username":"dave","password":"correct horse"})",
                {{"Content-Type", "application/json"}});
  REQUIRE(registered.status == 201);
  ok_data(group_call(t.alice, "group_add", t.group, {{"username", "dave"}}));
  auto members
    = ok_data(group_call(t.bob, "group_members", t.group))["members"];
  REQUIRE(members.size() == 4);
  std::map<std::string, std::pair<std::string, bool>> seen;
  for (auto& m : members)
    seen[m["username"]] = {m["role"], m["online"]};
  CHECK(seen["alice"] == std::pair<std::string, bool>{"owner", true});
  CHECK(seen["bob"] == std::pair<std::string, bool>{"admin", true});
  CHECK(seen["carol"] == std::pair<std::string, bool>{"member", true});
  CHECK(seen["dave"] == std::pair<std::string, bool>{"member", false});
}

TEST_CASE("roles: who may add, kick and set roles and states") {
  node_process node;
  trio t{node};
  auto dave = logged_in(node.port(), "dave");
  // Members may do none of it.
  CHECK(code(t.bob, "group_add", t.group, {{"username", "dave"}})
        == "forbidden");
  CHECK(code(t.bob, "group_kick", t.group, {{"username", "carol"}})
        == "forbidden");
  CHECK(code(t.bob, "group_set_role", t.group,
             {{"username", "carol"}, {"role", "admin"}})
        == "forbidden");
  CHECK(code(t.bob, "group_set_state", t.group, {{"state", "muted"}})
        == "forbidden");
  CHECK(code(dave, "group_add", t.group, {{"username", "dave"}})
        == "forbidden");
  // The owner makes bob an admin: everyone hears it.
  ok_data(group_call(t.alice, "group_set_role", t.group,
                     {{"username", "bob"}, {"role", "admin"}}));
  for (auto* c : {&t.alice, &t.bob, &t.carol})
    expect_update(*c, t.group, "role", "bob", "admin", "normal");
  // An admin adds and kicks members, but not admins or the owner, and
  // sets no roles or states.
  add_online(t.bob, t.group, dave, "dave", {&t.alice, &t.bob, &t.carol});
  ok_data(group_call(t.bob, "group_kick", t.group, {{"username", "dave"}}));
  for (auto* c : {&t.alice, &t.bob, &t.carol, &dave})
    expect_update(*c, t.group, "removed", "dave", "member", "normal");
  CHECK(code(t.bob, "group_kick", t.group, {{"username", "alice"}})
        == "forbidden");
  CHECK(code(t.bob, "group_set_role", t.group,
             {{"username", "carol"}, {"role", "admin"}})
        == "forbidden");
  CHECK(code(t.bob, "group_set_state", t.group, {{"state", "muted"}})
        == "forbidden");
  // Only the owner sets roles, never their own.
  CHECK(code(t.alice, "group_set_role", t.group,
             {{"username", "alice"}, {"role", "member"}})
        == "forbidden");
  CHECK(code(t.alice, "group_set_role", t.group,
             {{"username", "dave"}, {"role", "admin"}})
        == "not_member");
  CHECK(code(t.alice, "group_set_role", t.group,
             {{"username", "bob"}, {"role", "owner"}})
        == "bad_request");
  // The owner kicks anyone, but not themselves.
  CHECK(code(t.alice, "group_kick", t.group, {{"username", "alice"}})
        == "forbidden");
  ok_data(group_call(t.alice, "group_kick", t.group, {{"username", "bob"}}));
  for (auto* c : {&t.alice, &t.bob, &t.carol})
    expect_update(*c, t.group, "removed", "bob", "admin", "normal");
  CHECK(code(t.alice, "group_kick", t.group, {{"username", "bob"}})
        == "not_member");
}

TEST_CASE("group commands answer their error codes") {
  node_process node;
  trio t{node};
  auto dave = logged_in(node.port(), "dave");
  constexpr std::int64_t nowhere = 4'242'424'242;
  // Every command about a group that does not exist.
  CHECK(code(t.alice, "group_add", nowhere, {{"username", "dave"}})
        == "no_such_group");
  CHECK(code(t.alice, "group_kick", nowhere, {{"username", "bob"}})
        == "no_such_group");
  CHECK(code(t.alice, "group_leave", nowhere) == "no_such_group");
  CHECK(code(t.alice, "group_set_role", nowhere,
             {{"username", "bob"}, {"role", "admin"}})
        == "no_such_group");
  CHECK(code(t.alice, "group_set_state", nowhere, {{"state", "muted"}})
        == "no_such_group");
  CHECK(code(t.alice, "group_send", nowhere, {{"kind", "text"}, {"body", "x"}})
        == "no_such_group");
  CHECK(code(t.alice, "group_members", nowhere) == "no_such_group");
  CHECK(code(t.alice, "history", nowhere) == "no_such_group");
  // Membership.
  CHECK(code(t.alice, "group_add", t.group, {{"username", "nobody"}})
        == "no_such_user");
  CHECK(code(t.alice, "group_add", t.group, {{"username", "bob"}})
        == "already_member");
  CHECK(code(t.alice, "group_kick", t.group, {{"username", "dave"}})
        == "not_member");
  CHECK(code(dave, "group_leave", t.group) == "not_member");
  CHECK(code(t.alice, "group_leave", t.group) == "owner_cannot_leave");
  CHECK(code(dave, "group_send", t.group, {{"kind", "text"}, {"body", "x"}})
        == "not_member");
  CHECK(code(dave, "group_members", t.group) == "not_member");
  CHECK(code(dave, "history", t.group) == "not_member");
  // Content.
  CHECK(code(t.bob, "group_send", t.group,
             {{"kind", "text"}, {"body", std::string(1024, 'x')}})
        == "too_long");
  CHECK(
    code(t.bob, "group_send", t.group, {{"kind", "image"}, {"body", "12345"}})
    == "no_such_file");
  CHECK(code(t.bob, "group_send", t.group, {{"kind", "text"}})
        == "bad_request");
  CHECK(code(t.alice, "group_set_state", t.group, {{"state", "closed"}})
        == "bad_request");
  // Leaving: everyone hears it, the one who left included.
  ok_data(group_call(t.carol, "group_leave", t.group));
  for (auto* c : {&t.alice, &t.bob, &t.carol})
    expect_update(*c, t.group, "removed", "carol", "member", "normal");
  CHECK(code(t.carol, "group_send", t.group, {{"kind", "text"}, {"body", "x"}})
        == "not_member");
}

TEST_CASE("states: muted silences everyone, admins_only the members, "
          "dissolved is final") {
  node_process node;
  trio t{node};
  auto set_state = [&](const std::string& state) {
    ok_data(
      group_call(t.alice, "group_set_state", t.group, {{"state", state}}));
    for (auto* c : {&t.alice, &t.bob, &t.carol})
      expect_update(*c, t.group, "state", "alice", "owner", state);
  };
  ok_data(group_call(t.alice, "group_set_role", t.group,
                     {{"username", "bob"}, {"role", "admin"}}));
  for (auto* c : {&t.alice, &t.bob, &t.carol})
    expect_update(*c, t.group, "role", "bob", "admin", "normal");

  set_state("muted");
  for (auto* c : {&t.alice, &t.bob, &t.carol})
    CHECK(error_code_of(group_text(*c, t.group, "x")) == "group_muted");

  set_state("admins_only");
  CHECK(error_code_of(group_text(t.carol, t.group, "x")) == "group_muted");
  ok_data(group_text(t.bob, t.group, "admins speak"));
  ok_data(group_text(t.alice, t.group, "so does the owner"));
  for (auto* c : {&t.alice, &t.carol}) {
    auto push = c->next_push("message");
    c->ack(push);
  }
  t.bob.ack(t.bob.next_push("message"));
  t.carol.ack(t.carol.next_push("message"));

  set_state("dissolved");
  auto dave = logged_in(node.port(), "dave");
  for (auto* c : {&t.alice, &t.bob, &t.carol})
    CHECK(error_code_of(group_text(*c, t.group, "x")) == "group_dissolved");
  CHECK(code(t.alice, "group_add", t.group, {{"username", "dave"}})
        == "group_dissolved");
  CHECK(code(t.alice, "group_set_state", t.group, {{"state", "normal"}})
        == "group_dissolved");
  auto groups = ok_data(t.bob.call("groups"))["groups"];
  REQUIRE(groups.size() == 1);
  CHECK(groups[0]["state"] == "dissolved");
  CHECK(groups[0]["role"] == "admin");
}

TEST_CASE("a repeated group_send is stored and pushed once") {
  node_process node;
  trio t{node};
  json frame{{"id", "send-once"},
             {"type", "group_send"},
             {"group_id", t.group},
             {"kind", "text"},
             {"body", "once"}};
  auto first = ok_data(t.bob.request(frame));
  auto again = ok_data(t.bob.request(frame));
  CHECK(again == first);
  // The repeat is answered the same once the group no longer takes it.
  ok_data(
    group_call(t.alice, "group_set_state", t.group, {{"state", "muted"}}));
  CHECK(ok_data(t.bob.request(frame)) == first);
  auto push = t.carol.next_push("message");
  CHECK(push["id"] == first["msg_id"]);
  t.carol.ack(push);
  for (auto* c : {&t.alice, &t.bob, &t.carol})
    expect_update(*c, t.group, "state", "alice", "owner", "muted");
  // Nothing else came: the next message after unmuting is the next push.
  ok_data(
    group_call(t.alice, "group_set_state", t.group, {{"state", "normal"}}));
  auto next = ok_data(group_text(t.alice, t.group, "after"));
  CHECK(t.carol.next_push("message")["id"] == next["msg_id"]);
  auto history = ok_data(group_call(t.carol, "history", t.group))["messages"];
  CHECK(history.size() == 2);
}

TEST_CASE("offline members get their group backlog after welcome, merged in "
          "order with their other pushes") {
  node_process node;
  std::vector<std::int64_t> expected;
  {
    trio t{node};
    make_friends(t.alice, "alice", t.carol, "carol");
    t.carol.call("logout");
    expected.push_back(ok_data(group_text(t.bob, t.group, "g1"))["msg_id"]);
    expected.push_back(send_text(t.alice, "carol", "private")["msg_id"]);
    expected.push_back(ok_data(group_text(t.alice, t.group, "g2"))["msg_id"]);
    ok_data(group_call(t.alice, "group_set_role", t.group,
                       {{"username", "carol"}, {"role", "admin"}}));
    expected.push_back(ok_data(group_text(t.bob, t.group, "g3"))["msg_id"]);
  }
  ws_client carol{node.port()};
  ok_data(carol.login("carol", "correct horse"));
  std::vector<std::int64_t> got;
  std::vector<std::string> types;
  while (got.size() < 5) {
    auto push = carol.next_push();
    if (push["type"] == "presence") // alice and bob going offline
      continue;
    got.push_back(push["id"]);
    types.push_back(push["type"]);
    carol.ack(push);
  }
  CHECK(std::is_sorted(got.begin(), got.end()));
  CHECK(types
        == std::vector<std::string>{"message", "message", "message",
                                    "group_update", "message"});
  got.erase(got.begin() + 3);
  CHECK(got == expected);
  // Acknowledged: the next login brings nothing of it again.
  carol.call("logout");
  ws_client again{node.port()};
  ok_data(again.login("carol", "correct horse"));
  auto alice = logged_in_again(node.port(), "alice");
  auto sent = send_text(alice, "carol", "new");
  auto next = again.next_push();
  while (next["type"] == "presence") // alice coming online
    next = again.next_push();
  CHECK(next["id"] == sent["msg_id"]);
}

TEST_CASE("a member added or removed while offline hears it at login") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  {
    auto bob = logged_in(node.port(), "bob");
    bob.call("logout");
  }
  auto group = create_group(alice, "climbers");
  ok_data(group_call(alice, "group_add", group, {{"username", "bob"}}));
  expect_update(alice, group, "added", "bob", "member", "normal");
  auto before = ok_data(group_text(alice, group, "welcome bob"));
  ok_data(group_call(alice, "group_kick", group, {{"username", "bob"}}));
  expect_update(alice, group, "removed", "bob", "member", "normal");
  ok_data(group_text(alice, group, "bob is gone"));
  ws_client bob{node.port()};
  ok_data(bob.login("bob", "correct horse"));
  auto added = bob.next_push();
  CHECK(added["type"] == "group_update");
  CHECK(added["change"] == "added");
  bob.ack(added);
  auto message = bob.next_push();
  CHECK(message["id"] == before["msg_id"]);
  bob.ack(message);
  auto removed = bob.next_push();
  CHECK(removed["type"] == "group_update");
  CHECK(removed["change"] == "removed");
  bob.ack(removed);
  // Nothing after the removal: the next push is a private one.
  make_friends(alice, "alice", bob, "bob");
  auto later = send_text(alice, "bob", "still friends");
  CHECK(bob.next_push("message")["id"] == later["msg_id"]);
}

TEST_CASE("group history pages like a conversation") {
  node_process node;
  trio t{node};
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(
      ok_data(group_text(t.alice, t.group, "m" + std::to_string(i)))["msg_id"]);
  auto page = ok_data(
    group_call(t.carol, "history", t.group, {{"limit", 2}}))["messages"];
  REQUIRE(page.size() == 2);
  CHECK(page[0]["id"] == ids[3]);
  CHECK(page[1]["id"] == ids[4]);
  CHECK(page[1]["group_id"] == t.group);
  CHECK(page[1]["from"] == "alice");
  auto older = ok_data(
    group_call(t.carol, "history", t.group, {{"before", ids[3]}}))["messages"];
  REQUIRE(older.size() == 3);
  CHECK(older[0]["id"] == ids[0]);
}

TEST_CASE("a group takes at most limits.max_group_members members") {
  node_process node{{"--limits.max_group_members=2"}};
  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  auto carol = logged_in(node.port(), "carol");
  auto group = create_group(alice, "pair");
  add_online(alice, group, bob, "bob", {&alice});
  CHECK(error_code_of(
          group_call(alice, "group_add", group, {{"username", "carol"}}))
        == "group_full");
  ok_data(group_call(bob, "group_leave", group));
  ok_data(group_call(alice, "group_add", group, {{"username", "carol"}}));
}

TEST_CASE("a file sent to a group can be downloaded by its members only") {
  node_process node;
  trio t{node};
  auto dave = logged_in(node.port(), "dave");
  auto token = [](ws_client& c) -> std::string {
    return ok_data(c.call("token"))["token"];
  };
  auto upload = http_call(node.port(), "POST", "/api/files", "PNG bytes",
                          {{"Authorization", "Bearer " + token(t.bob)},
                           {"Content-Type", "image/png"}});
  REQUIRE(upload.status == 201);
  std::int64_t file_id = upload.body_json()["file_id"];
  CHECK(error_code_of(group_call(t.carol, "group_send", t.group,
                                 {{"kind", "image"}, {"body", file_id}}))
        == "no_such_file");
  ok_data(group_call(t.bob, "group_send", t.group,
                     {{"kind", "image"}, {"body", file_id}}));
  auto download = [&](ws_client& c) {
    return http_call(node.port(), "GET",
                     "/api/files/" + std::to_string(file_id), {},
                     {{"Authorization", "Bearer " + token(c)}})
      .status;
  };
  CHECK(download(t.carol) == 200);
  CHECK(download(t.alice) == 200);
  CHECK(download(dave) == 404);
}
