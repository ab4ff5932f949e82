// troupe-cli's one-shot mode against a real node, on the backend CTest
// chose: what a script sees (output, --json, exit statuses).

#include <doctest/doctest.h>

#include <string>

#include "tests/cli/cli_helpers.hpp"

using namespace troupe::test::cli_helpers;

TEST_CASE("register, befriend, send and read the history, one command at "
          "a time") {
  node_process node;
  register_friends(node, "alice", "bob");

  auto sent = cli(
    node, {"--user", "alice", "--json", "send", "bob", "hi bob, from the CLI"});
  REQUIRE(sent.status == 0);
  auto msg_id = json_of(sent)["msg_id"];
  CHECK(msg_id.is_number_integer());

  auto history
    = json_of(cli(node, {"--user", "bob", "--json", "history", "alice"}));
  REQUIRE(history["messages"].size() == 1);
  auto& m = history["messages"][0];
  CHECK(m["from"] == "alice");
  CHECK(m["to"] == "bob");
  CHECK(m["kind"] == "text");
  CHECK(m["body"] == "hi bob, from the CLI");
  CHECK(m["msg_id"] == msg_id);

  SUBCASE("the human form shows the message on one line") {
    auto r = cli(node, {"--user", "bob", "history", "alice"});
    CHECK(r.status == 0);
    CHECK(r.out.find("alice → bob: hi bob, from the CLI") != std::string::npos);
  }
  SUBCASE("the cursor pages back") {
    auto before = json_of(cli(node, {"--user", "bob", "--json", "history",
                                     "alice", "before=" + msg_id.dump()}));
    CHECK(before["messages"].empty());
  }
  SUBCASE("an unquoted message is one text") {
    REQUIRE(cli(node, {"--user", "bob", "send", "alice", "two", "words"}).status
            == 0);
    auto last = json_of(
      cli(node, {"--user", "alice", "--json", "history", "bob", "limit=1"}));
    CHECK(last["messages"][0]["body"] == "two words");
  }
}

TEST_CASE("the exit status tells usage, node and connection errors apart") {
  node_process node;
  REQUIRE(cli(node, {"register", "carol"}).status == 0);

  SUBCASE("an unknown command is a usage error") {
    auto r = cli(node, {"--user", "carol", "frobnicate"});
    CHECK(r.status == 2);
    CHECK(r.err.find("unknown command") != std::string::npos);
  }
  SUBCASE("a missing argument is a usage error, with the usage") {
    auto r = cli(node, {"--user", "carol", "history"});
    CHECK(r.status == 2);
    CHECK(r.err.find("history <username>") != std::string::npos);
  }
  SUBCASE("an unknown option is a usage error") {
    CHECK(cli(node, {"--colour", "send"}).status == 2);
  }
  SUBCASE("a command that needs a session needs a user") {
    CHECK(cli(node, {"friends"}).status == 2);
  }
  SUBCASE("no password and no terminal is a usage error") {
    auto r = run_cli(node.port(), {"--user", "carol", "friends"}, std::nullopt);
    CHECK(r.status == 2);
    CHECK(r.err.find("TROUPE_PASSWORD") != std::string::npos);
  }
  SUBCASE("an unknown user is the node's error, as JSON with --json") {
    auto r = cli(node, {"--user", "carol", "--json", "send", "nobody", "hi"});
    CHECK(r.status == 1);
    CHECK(json_of(r)["code"] == "no_such_user");
  }
  SUBCASE("a wrong password is auth_failed") {
    auto r = run_cli(node.port(), {"--user", "carol", "friends"},
                     std::string{"not the password"});
    CHECK(r.status == 1);
    CHECK(r.err.find("auth_failed") != std::string::npos);
  }
  SUBCASE("a name taken is username_taken") {
    auto r = cli(node, {"--json", "register", "carol"});
    CHECK(r.status == 1);
    CHECK(json_of(r)["code"] == "username_taken");
  }
  SUBCASE("ping needs no session") {
    auto r = run_cli(node.port(), {"--json", "ping"}, std::nullopt);
    CHECK(r.status == 0);
    CHECK(json_of(r)["time"].is_number_integer());
  }
  SUBCASE("help lists the commands without a node") {
    auto r = run_cli(1, {"help", "group"}, std::nullopt);
    CHECK(r.status == 0);
    CHECK(r.out.find("group create <name...>") != std::string::npos);
    CHECK(r.out.find("friend request") == std::string::npos);
  }
}

TEST_CASE("no node at the address is a connection error") {
  // A port just used by a node that has stopped: nothing listens there.
  std::uint16_t port = 0;
  {
    node_process node;
    port = node.port();
  }
  auto r = run_cli(port, {"ping"}, std::nullopt);
  CHECK(r.status == 3);
  CHECK(r.err.find("cannot connect") != std::string::npos);
}
