// Sessions over real sockets against a real troupe-node: register, login,
// welcome, ping, logout, token, get_user, update_profile, one live session.

#include <vector>

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;

TEST_CASE("a new user registers, logs in and is welcomed") {
  node_process node;
  ws_client c{node.port()};
  auto uid = register_user(c, "alice");
  CHECK(uid > 0);
  CHECK(uid <= (std::int64_t{1} << 53) - 1);
  auto login = ok_data(
    c.call("login", {{"username", "alice"}, {"password", "correct horse"}}));
  CHECK(login["user_id"] == uid);
  CHECK(login["username"] == "alice");
  auto welcome = c.next_push();
  CHECK(welcome
        == json{{"type", "welcome"}, {"user_id", uid}, {"username", "alice"}});
}

TEST_CASE("register rejects bad usernames, weak passwords and taken names") {
  node_process node;
  ws_client c{node.port()};
  auto attempt = [&](const std::string& name, const std::string& password) {
    return error_code_of(
      c.call("register", {{"username", name}, {"password", password}}));
  };
  CHECK(attempt("Al", "correct horse") == "invalid_username");
  CHECK(attempt("Alice", "correct horse") == "invalid_username");
  CHECK(attempt(std::string(33, 'a'), "correct horse") == "invalid_username");
  CHECK(attempt("alice", "short") == "weak_password");
  CHECK(attempt("alice", std::string(129, 'p')) == "weak_password");
  register_user(c, "alice");
  CHECK(attempt("alice", "another password") == "username_taken");
  CHECK(error_code_of(
          c.call("register", {{"username", "bob"}, {"password", 12345678}}))
        == "bad_request");
}

TEST_CASE("register keeps the optional profile fields") {
  node_process node;
  ws_client c{node.port()};
  ok_data(c.call("register", {{"username", "alice"},
                              {"password", "correct horse"},
                              {"nickname", "Ali"},
                              {"phone", "+1 555 0100"},
                              {"bio", "ünïcødé ✓"}}));
  ok_data(c.login("alice", "correct horse"));
  auto me = ok_data(c.call("get_user", {{"username", "alice"}}));
  CHECK(me["nickname"] == "Ali");
  CHECK(me["phone"] == "+1 555 0100");
  CHECK(me["bio"] == "ünïcødé ✓");
  CHECK(me["email"] == "");
}

TEST_CASE("unknown users and wrong passwords fail alike") {
  node_process node;
  ws_client c{node.port()};
  register_user(c, "alice");
  auto wrong = c.login("alice", "wrong password");
  auto unknown = c.login("nobody", "correct horse");
  CHECK(error_code_of(wrong) == "auth_failed");
  CHECK(error_code_of(unknown) == "auth_failed");
  CHECK(wrong["message"] == unknown["message"]);
  CHECK(error_code_of(c.login("alice ", "correct horse")) == "auth_failed");
}

TEST_CASE("a username past its failure limit from one address is rate "
          "limited there") {
  node_process node{{"--auth.login_failure_limit=3"}};
  ws_client c{node.port()};
  register_user(c, "alice");
  register_user(c, "bob");
  for (int i = 0; i < 3; ++i)
    CHECK(error_code_of(c.login("alice", "wrong password")) == "auth_failed");
  CHECK(error_code_of(c.login("alice", "wrong password")) == "rate_limited");
  // Not even the right password gets in while the limit holds.
  CHECK(error_code_of(c.login("alice", "correct horse")) == "rate_limited");
  // Other users are not affected.
  ok_data(c.login("bob", "correct horse"));
}

TEST_CASE("a wrong-password flood from another address does not stop the "
          "user's own login") {
  node_process node{
    {"--auth.login_failure_limit=3", "--auth.address_failure_limit=10"}};
  {
    ws_client home{node.port()};
    register_user(home, "alice");
  }
  ws_client attacker{node.port(), "/ws", "127.0.0.2"};
  auto guess = [&](const std::string& name) {
    return error_code_of(
      attacker.call("login", {{"username", name}, {"password", "guess"}}));
  };
  for (int i = 0; i < 3; ++i)
    CHECK(guess("alice") == "auth_failed");
  std::size_t refused = 0;
  for (int i = 0; i < 100; ++i)
    refused += guess(i % 2 == 0 ? "alice" : "user" + std::to_string(i))
               == "rate_limited";
  // Past 10 failures the address gets nothing but rate_limited.
  CHECK(refused >= 100 - 7);
  auto right = attacker.call(
    "login", {{"username", "alice"}, {"password", "correct horse"}});
  CHECK(error_code_of(right) == "rate_limited");
  // Alice, from her own address, is not locked out.
  auto alice = logged_in_again(node.port(), "alice");
  CHECK(ok_data(alice.call("get_user", {{"username", "alice"}}))["username"]
        == "alice");
}

TEST_CASE("logins past the hashing queue are refused at once, and the user "
          "still logs in") {
  // The real cost, so that hashing takes long enough for a queue to form.
  node_process node{{"--auth.password_hash=interactive",
                     "--auth.max_hash_queue=2",
                     "--auth.address_failure_limit=1000"}};
  {
    ws_client home{node.port()};
    register_user(home, "alice");
  }
  // 32 guesses at once, from another address, on 16 sockets.
  std::vector<ws_client> attackers;
  for (int i = 0; i < 16; ++i)
    attackers.emplace_back(node.port(), "/ws", "127.0.0.2");
  auto names = 0;
  for (auto& a : attackers)
    for (int j = 0; j < 2; ++j)
      a.send_json({{"id", a.next_id()},
                   {"type", "login"},
                   {"username", "user" + std::to_string(names++)},
                   {"password", "a wrong guess"}});
  std::size_t busy = 0;
  for (auto& a : attackers)
    for (int j = 0; j < 2; ++j) {
      auto reply = a.read();
      INFO(reply.dump());
      if (error_code_of(reply) == "rate_limited") {
        CHECK(reply["message"].get<std::string>().find("busy")
              != std::string::npos);
        ++busy;
      }
    }
  CHECK(busy >= 1);
  ok_data(logged_in_again(node.port(), "alice").call("ping"));
}

TEST_CASE("commands other than register, login and ping need a login") {
  node_process node;
  ws_client c{node.port()};
  CHECK(ok_data(c.call("ping"))["time"].is_number_integer());
  for (auto type : {"logout", "token", "get_user", "update_profile"})
    CHECK(error_code_of(c.call(type, {{"username", "alice"}}))
          == "not_authenticated");
  CHECK(error_code_of(c.call("groups")) == "not_authenticated");
  CHECK(error_code_of(c.call("group_create", {{"name", "x"}}))
        == "not_authenticated");
  CHECK(error_code_of(c.call(
          "group_send", {{"group_id", 1}, {"kind", "text"}, {"body", "x"}}))
        == "not_authenticated");
}

TEST_CASE("get_user shows the public profile, and phone only to its owner") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  ok_data(alice.call(
    "update_profile",
    {{"phone", "555-0100"}, {"nickname", "Ali"}, {"public_key", "key"}}));
  auto seen_by_bob = ok_data(bob.call("get_user", {{"username", "alice"}}));
  CHECK(seen_by_bob["nickname"] == "Ali");
  CHECK(seen_by_bob["public_key"] == "key");
  CHECK(!seen_by_bob.contains("phone"));
  CHECK(!seen_by_bob.contains("password"));
  CHECK(!seen_by_bob.contains("password_hash"));
  auto seen_by_alice = ok_data(alice.call("get_user", {{"username", "alice"}}));
  CHECK(seen_by_alice["phone"] == "555-0100");
  CHECK(error_code_of(bob.call("get_user", {{"username", "nobody"}}))
        == "no_such_user");
  CHECK(error_code_of(bob.call("get_user", {{"username", "NOT VALID"}}))
        == "no_such_user");
}

TEST_CASE("update_profile changes only the fields it names") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  ok_data(alice.call("update_profile", {{"nickname", "Ali"}, {"bio", "hi"}}));
  ok_data(alice.call("update_profile", {{"bio", "hello"}}));
  auto me = ok_data(alice.call("get_user", {{"username", "alice"}}));
  CHECK(me["nickname"] == "Ali");
  CHECK(me["bio"] == "hello");
  CHECK(error_code_of(alice.call("update_profile", {{"bio", 5}}))
        == "bad_request");
  CHECK(error_code_of(
          alice.call("update_profile", {{"bio", std::string(4097, 'x')}}))
        == "too_long");
}

TEST_CASE("logout answers, pushes closing and closes the socket") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  CHECK(ok_data(alice.call("logout")) == json::object());
  std::vector<json> frames;
  CHECK(alice.read_until_closed(&frames) == 1000);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0] == json{{"type", "closing"}, {"reason", "logout"}});
}

TEST_CASE("a second login replaces the first session") {
  node_process node;
  auto first = logged_in(node.port(), "alice");
  ws_client second{node.port()};
  ok_data(second.login("alice", "correct horse"));
  std::vector<json> frames;
  CHECK(first.read_until_closed(&frames) == 1000);
  REQUIRE(!frames.empty());
  CHECK(frames.back() == json{{"type", "closing"}, {"reason", "replaced"}});
  CHECK(ok_data(second.call("ping"))["time"].is_number());
}

TEST_CASE("a token opens a session with /ws?token= and expires_in is kept") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto token = ok_data(alice.call("token"));
  CHECK(token["expires_in"] == 120);
  ws_client by_token{node.port(),
                     "/ws?token=" + token["token"].get<std::string>()};
  auto welcome = by_token.next_push();
  CHECK(welcome["type"] == "welcome");
  CHECK(welcome["username"] == "alice");
  // That login replaced the session that asked for the token.
  std::vector<json> frames;
  CHECK(alice.read_until_closed(&frames) == 1000);
  CHECK(frames.back()["reason"] == "replaced");
  CHECK(ok_data(by_token.call("get_user", {{"username", "alice"}}))["username"]
        == "alice");
}

TEST_CASE("a logged-in session cannot log in as someone else") {
  node_process node;
  ws_client c{node.port()};
  register_user(c, "alice");
  register_user(c, "bob");
  ok_data(c.login("alice", "correct horse"));
  CHECK(error_code_of(c.login("bob", "correct horse")) == "forbidden");
  CHECK(ok_data(c.call("login", {{"username", "alice"},
                                 {"password", "correct horse"}}))["username"]
        == "alice");
}

TEST_CASE("user ids are unique and survive a restart of the node") {
  std::int64_t alice_id = 0;
  auto node = std::make_unique<node_process>();
  {
    ws_client c{node->port()};
    alice_id = register_user(c, "alice");
  }
  CHECK(node->stop() == 0);
  auto again = node_process::restart_of(*node);
  ws_client c{again.port()};
  auto bob_id = register_user(c, "bob");
  CHECK(bob_id != alice_id);
  CHECK(ok_data(c.login("alice", "correct horse"))["user_id"] == alice_id);
}
