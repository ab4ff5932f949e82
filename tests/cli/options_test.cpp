// troupe-cli's options: where the node is, and where the command starts.

#include <doctest/doctest.h>

#include "apps/cli/command_table.hpp"
#include "apps/cli/exit_codes.hpp"
#include "apps/cli/options.hpp"

using namespace troupe::cli;

namespace {

std::variant<options, int> parse(std::vector<std::string> args) {
  args.insert(args.begin(), "troupe-cli");
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

} // namespace

TEST_CASE("--url names host, port and path") {
  auto a = parse_url("ws://chat.example:9000/ws");
  CHECK(a.host == "chat.example");
  CHECK(a.port == 9000);
  CHECK(a.path == "/ws");
  auto b = parse_url("ws://10.0.0.2");
  CHECK(b.host == "10.0.0.2");
  CHECK(b.port == 80);
  CHECK(b.path == "/ws");
  auto c = parse_url("ws://[::1]:8080/ws");
  CHECK(c.host == "::1");
  CHECK(c.port == 8080);
  CHECK_THROWS_AS(parse_url("wss://example/ws"), usage_error);
  CHECK_THROWS_AS(parse_url("ws://example:http/ws"), usage_error);
  CHECK_THROWS_AS(parse_url("ws://example:70000"), usage_error);
  CHECK_THROWS_AS(parse_url("ws://:80/ws"), usage_error);
}

TEST_CASE("options come first; the command keeps everything after it") {
  auto parsed = parse({"--port", "9000", "--user", "alice", "--json", "send",
                       "bob", "--not-an-option--"});
  REQUIRE(std::holds_alternative<options>(parsed));
  auto& o = std::get<options>(parsed);
  CHECK(o.server.host == "127.0.0.1");
  CHECK(o.server.port == 9000);
  CHECK(o.user == "alice");
  CHECK(o.json);
  CHECK(o.words
        == std::vector<std::string>{"send", "bob", "--not-an-option--"});
}

TEST_CASE("defaults: 127.0.0.1:8080, human output, interactive") {
  auto parsed = parse({});
  REQUIRE(std::holds_alternative<options>(parsed));
  auto& o = std::get<options>(parsed);
  CHECK(o.server.port == 8080);
  CHECK(o.server.path == "/ws");
  CHECK(!o.json);
  CHECK(o.words.empty());
  CHECK(o.timeout == std::chrono::seconds{10});
}

TEST_CASE("--url replaces --host and --port; bad options are usage errors") {
  auto parsed = parse({"--url", "ws://localhost:7000/ws", "ping"});
  REQUIRE(std::holds_alternative<options>(parsed));
  CHECK(std::get<options>(parsed).server.host == "localhost");
  CHECK(std::get<options>(parsed).server.port == 7000);
  CHECK(std::get<int>(parse({"--url", "http://x"})) == exit_code::usage);
  CHECK(std::get<int>(parse({"--port", "many"})) == exit_code::usage);
  CHECK(std::get<int>(parse({"--password", "secret"})) == exit_code::usage);
}
