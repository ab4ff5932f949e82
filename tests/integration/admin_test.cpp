// The admin API over real HTTP: off without admin.key, the key checked,
// system messages pushed and kept for offline users, friendships made at
// once with their pushes.

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;

namespace {

constexpr const char* admin_key = "admin-key-for-tests";

http_result admin_post(const node_process& node, const std::string& path,
                       const json& body, const std::string& key = admin_key) {
  std::vector<std::pair<std::string, std::string>> headers{
    {"Content-Type", "application/json"}};
  if (!key.empty())
    headers.emplace_back("X-Admin-Key", key);
  return http_call(node.port(), "POST", path, body.dump(), headers);
}

} // namespace

TEST_CASE("the admin API answers 401 while admin.key is unset") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  for (auto key : {"", "anything"}) {
    auto res = admin_post(node, "/api/admin/system_message",
                          {{"username", "alice"}, {"body", "hi"}}, key);
    CHECK(res.status == 401);
    CHECK(res.body_json()["code"].is_string());
  }
  CHECK(admin_post(node, "/api/admin/friendship",
                   {{"a", "alice"}, {"b", "alice"}}, "")
          .status
        == 401);
}

TEST_CASE("the admin API takes only its key") {
  node_process node{{std::string{"--admin.key="} + admin_key}};
  logged_in(node.port(), "alice");
  for (auto key : {"", "admin-key-for-test", "admin-key-for-tests2",
                   "ADMIN-KEY-FOR-TESTS"})
    CHECK(admin_post(node, "/api/admin/system_message",
                     {{"username", "alice"}, {"body", "hi"}}, key)
            .status
          == 401);
}

TEST_CASE("a system message is pushed, acked like every push, and kept for "
          "an offline user") {
  node_process node{{std::string{"--admin.key="} + admin_key}};
  auto alice = logged_in(node.port(), "alice");
  auto res = admin_post(node, "/api/admin/system_message",
                        {{"username", "alice"}, {"body", "maintenance ✓"}});
  CHECK(res.status == 202);
  auto push = alice.next_push("system");
  CHECK(push["body"] == "maintenance ✓");
  CHECK(push["id"].get<std::int64_t>() > 0);
  CHECK(push["ts"].get<std::int64_t>() > 0);
  CHECK(push.size() == 4); // type, id, body, ts
  alice.ack(push);
  alice.call("logout");
  // Offline: kept until the next login.
  CHECK(admin_post(node, "/api/admin/system_message",
                   {{"username", "alice"}, {"body", "while away"}})
          .status
        == 202);
  auto again = logged_in_again(node.port(), "alice");
  auto kept = again.next_push("system");
  CHECK(kept["body"] == "while away");
  CHECK(kept["id"] != push["id"]);
  // Errors.
  auto unknown = admin_post(node, "/api/admin/system_message",
                            {{"username", "nobody"}, {"body", "x"}});
  CHECK(unknown.status == 404);
  CHECK(unknown.body_json()["code"] == "no_such_user");
  CHECK(admin_post(node, "/api/admin/system_message", {{"username", "alice"}})
          .status
        == 400);
  CHECK(admin_post(node, "/api/admin/system_message",
                   {{"username", "alice"}, {"body", std::string(1024, 'x')}})
          .status
        == 400);
}

TEST_CASE("an admin friendship makes two users friends at once, and pushes "
          "friend_update accepted to both") {
  node_process node{{std::string{"--admin.key="} + admin_key}};
  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  // A pending request between them is settled by it.
  ok_data(alice.call("friend_request", {{"username", "bob"}}));
  bob.ack(bob.next_push("friend_request"));
  auto res
    = admin_post(node, "/api/admin/friendship", {{"a", "alice"}, {"b", "bob"}});
  CHECK(res.status == 200);
  auto to_alice = alice.next_push("friend_update");
  CHECK(to_alice["username"] == "bob");
  CHECK(to_alice["change"] == "accepted");
  alice.ack(to_alice);
  auto to_bob = bob.next_push("friend_update");
  CHECK(to_bob["username"] == "alice");
  CHECK(to_bob["change"] == "accepted");
  bob.ack(to_bob);
  auto requests = ok_data(bob.call("friend_requests"));
  CHECK(requests["incoming"].empty());
  // Friends now: they can talk.
  auto sent = send_text(alice, "bob", "hello, friend");
  CHECK(bob.next_push("message")["id"] == sent["msg_id"]);
  // Again: 200 and no push.
  CHECK(
    admin_post(node, "/api/admin/friendship", {{"a", "bob"}, {"b", "alice"}})
      .status
    == 200);
  auto next = send_text(alice, "bob", "still friends");
  auto push = bob.next_push();
  CHECK(push["type"] == "message");
  CHECK(push["id"] == next["msg_id"]);
  auto unknown = admin_post(node, "/api/admin/friendship",
                            {{"a", "alice"}, {"b", "nobody"}});
  CHECK(unknown.status == 404);
  CHECK(unknown.body_json()["code"] == "no_such_user");
}
