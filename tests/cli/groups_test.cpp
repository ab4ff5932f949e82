// troupe-cli's group commands against a real node, on the backend CTest chose.

#include <doctest/doctest.h>

#include <string>

#include "tests/cli/cli_helpers.hpp"

using namespace troupe::test::cli_helpers;

TEST_CASE("groups: create, add, send, members, history, rights") {
  node_process node;
  REQUIRE(cli(node, {"register", "olga"}).status == 0);
  REQUIRE(cli(node, {"register", "pete"}).status == 0);
  auto created = json_of(
    cli(node, {"--user", "olga", "--json", "group", "create", "book", "club"}));
  auto group_id = created["group_id"].dump();
  REQUIRE(cli(node, {"--user", "olga", "group", "add", group_id, "pete"}).status
          == 0);
  REQUIRE(cli(node, {"--user", "olga", "group", "send", group_id,
                     "first chapter tonight"})
            .status
          == 0);

  auto members = json_of(
    cli(node, {"--user", "pete", "--json", "group", "members", group_id}));
  CHECK(members["members"].size() == 2);
  auto history = json_of(
    cli(node, {"--user", "pete", "--json", "group", "history", group_id}));
  REQUIRE(history["messages"].size() == 1);
  CHECK(history["messages"][0]["body"] == "first chapter tonight");
  CHECK(history["messages"][0]["from"] == "olga");
  auto groups = json_of(cli(node, {"--user", "pete", "--json", "groups"}));
  CHECK(groups["groups"][0]["name"] == "book club");
  CHECK(groups["groups"][0]["role"] == "member");

  auto muted = cli(
    node, {"--user", "pete", "--json", "group", "state", group_id, "muted"});
  CHECK(muted.status == 1);
  CHECK(json_of(muted)["code"] == "forbidden");
}
