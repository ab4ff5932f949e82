#pragma once

// What the tests that run troupe-cli against a node share: running it with
// the common password, reading its --json output, making two friends.

#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_process.hpp"
#include "tests/support/node_process.hpp"

namespace troupe::test::cli_helpers {

using json = nlohmann::json;
using troupe::test::cli_result;
using troupe::test::node_process;
using troupe::test::run_cli;

inline const std::string password = "correct horse";

/// Runs troupe-cli with the common password; shows its output on failure.
inline cli_result cli(const node_process& node,
                      const std::vector<std::string>& args) {
  return run_cli(node.port(), args, password);
}

inline json json_of(const cli_result& r) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(!r.out.empty());
  return json::parse(r.out);
}

/// Registers both users and makes them friends, all through the CLI.
inline void register_friends(const node_process& node, const std::string& a,
                             const std::string& b) {
  for (auto& name : {a, b}) {
    auto r = cli(node, {"register", name});
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("registered " + name) != std::string::npos);
  }
  REQUIRE(cli(node, {"--user", a, "friend", "request", b, "hello"}).status
          == 0);
  auto pending
    = json_of(cli(node, {"--user", b, "--json", "friend", "requests"}));
  REQUIRE(pending["incoming"].size() == 1);
  CHECK(pending["incoming"][0]["username"] == a);
  auto id = pending["incoming"][0]["request_id"].dump();
  auto accept = cli(node, {"--user", b, "friend", "accept", id});
  CHECK(accept.status == 0);
  CHECK(accept.out == "accepted\n");
}

} // namespace troupe::test::cli_helpers
