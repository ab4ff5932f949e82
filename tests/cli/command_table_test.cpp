// The command table: every command line becomes the protocol frame that
// PROTOCOL.md describes, and a wrong one is a usage error that says why.

#include <doctest/doctest.h>

#include <set>

#include "apps/cli/command_table.hpp"

using namespace troupe::cli;

namespace {

json frame_of(const std::string& line) {
  return parse_command(split_line(line)).frame;
}

std::string usage_message(const std::string& line) {
  try {
    parse_command(split_line(line));
  } catch (const usage_error& e) {
    return e.what();
  }
  FAIL("no usage error for: " << line);
  return {};
}

} // namespace

TEST_CASE("split_line: blanks separate, quotes and backslashes keep") {
  CHECK(split_line("  send bob   hi  ")
        == std::vector<std::string>{"send", "bob", "hi"});
  CHECK(split_line("send bob \"hi there\" 'it''s'")
        == std::vector<std::string>{"send", "bob", "hi there", "its"});
  CHECK(split_line(R"(send bob it\'s\ ok)")
        == std::vector<std::string>{"send", "bob", "it's ok"});
  CHECK(split_line("send bob \"\"")
        == std::vector<std::string>{"send", "bob", ""});
  CHECK(split_line("").empty());
  CHECK_THROWS_AS(split_line("send bob \"open"), usage_error);
}

TEST_CASE("messages: send, images, files, history with cursors") {
  CHECK(
    frame_of("send bob hi there")
    == json{
      {"type", "send"}, {"to", "bob"}, {"kind", "text"}, {"body", "hi there"}});
  CHECK(frame_of("send-image bob 42")
        == json{
          {"type", "send"}, {"to", "bob"}, {"kind", "image"}, {"body", "42"}});
  CHECK(frame_of("send-file bob 7")["kind"] == "file");
  CHECK(frame_of("history bob") == json{{"type", "history"}, {"with", "bob"}});
  CHECK(
    frame_of("history bob before=123 limit=20")
    == json{
      {"type", "history"}, {"with", "bob"}, {"before", 123}, {"limit", 20}});
  CHECK(frame_of("group history 5 after=9")
        == json{{"type", "history"}, {"group_id", 5}, {"after", 9}});
}

TEST_CASE("friends, presence, profile") {
  CHECK(frame_of("friend request bob")
        == json{{"type", "friend_request"}, {"username", "bob"}});
  CHECK(frame_of("friend request bob \"let's talk\" now")["note"]
        == "let's talk now");
  CHECK(
    frame_of("friend accept 12")
    == json{{"type", "friend_respond"}, {"request_id", 12}, {"accept", true}});
  CHECK(frame_of("friend reject 12")["accept"] == false);
  CHECK(frame_of("friend remove bob")
        == json{{"type", "friend_remove"}, {"username", "bob"}});
  CHECK(frame_of("friends") == json{{"type", "friends"}});
  CHECK(frame_of("friend list") == json{{"type", "friends"}});
  CHECK(frame_of("friends offset=500 limit=100")
        == json{{"type", "friends"}, {"offset", 500}, {"limit", 100}});
  CHECK_THROWS(frame_of("friends after=5"));
  CHECK(frame_of("friend requests") == json{{"type", "friend_requests"}});
  CHECK(frame_of("presence bob")
        == json{{"type", "presence"}, {"username", "bob"}});
  CHECK(frame_of("location -33.86 151.2")
        == json{{"type", "set_location"}, {"lat", -33.86}, {"lon", 151.2}});
  CHECK(frame_of("user bob")
        == json{{"type", "get_user"}, {"username", "bob"}});
  CHECK(frame_of("profile nickname=Bobby bio=\"hi all\"")
        == json{{"type", "update_profile"},
                {"nickname", "Bobby"},
                {"bio", "hi all"}});
}

TEST_CASE("groups") {
  CHECK(frame_of("group create book club")
        == json{{"type", "group_create"}, {"name", "book club"}});
  CHECK(frame_of("group add 5 bob")
        == json{{"type", "group_add"}, {"group_id", 5}, {"username", "bob"}});
  CHECK(frame_of("group kick 5 bob")["type"] == "group_kick");
  CHECK(frame_of("group leave 5")
        == json{{"type", "group_leave"}, {"group_id", 5}});
  CHECK(frame_of("group role 5 bob admin")
        == json{{"type", "group_set_role"},
                {"group_id", 5},
                {"username", "bob"},
                {"role", "admin"}});
  CHECK(frame_of("group state 5 admins_only")
        == json{{"type", "group_set_state"},
                {"group_id", 5},
                {"state", "admins_only"}});
  CHECK(frame_of("group send 5 hello all")
        == json{{"type", "group_send"},
                {"group_id", 5},
                {"kind", "text"},
                {"body", "hello all"}});
  CHECK(frame_of("group send-file 5 8")["body"] == "8");
  CHECK(frame_of("groups") == json{{"type", "groups"}});
  CHECK(frame_of("group list") == json{{"type", "groups"}});
  CHECK(frame_of("groups after=42") == json{{"type", "groups"}, {"after", 42}});
  CHECK_THROWS(frame_of("groups offset=5"));
  CHECK(frame_of("group members 5")
        == json{{"type", "group_members"}, {"group_id", 5}});
}

TEST_CASE("accounts and local commands say what they need") {
  auto reg = parse_command(split_line("register alice nickname=Al"));
  CHECK(reg.kind == command_kind::account);
  CHECK(
    reg.frame
    == json{{"type", "register"}, {"username", "alice"}, {"nickname", "Al"}});
  CHECK(!reg.frame.contains("password"));
  CHECK(parse_command({"login", "alice"}).kind == command_kind::account);
  CHECK(parse_command({"quit"}).kind == command_kind::local);
  CHECK(parse_command({"help", "group"}).frame["topic"] == "group");
  CHECK(parse_command({"ping"}).kind == command_kind::request);
  CHECK(frame_of("logout") == json{{"type", "logout"}});
  CHECK(frame_of("token") == json{{"type", "token"}});
}

TEST_CASE("wrong command lines are usage errors that say why") {
  CHECK(usage_message("") == "no command given (try: help)");
  CHECK(usage_message("frobnicate")
        == "unknown command 'frobnicate' (try: help)");
  CHECK(usage_message("send bob").find("usage: send <username> <text...>")
        != std::string::npos);
  CHECK(usage_message("ping now").find("too many arguments")
        != std::string::npos);
  CHECK(usage_message("group add x bob")
          .find("group id must be a positive "
                "integer, not 'x'")
        != std::string::npos);
  CHECK(usage_message("group leave 0").find("positive") != std::string::npos);
  CHECK(usage_message("group role 5 bob king").find("role must be one of")
        != std::string::npos);
  CHECK(usage_message("history bob since=3").find("unexpected 'since=3'")
        != std::string::npos);
  CHECK(usage_message("location north 3").find("lat must be a number")
        != std::string::npos);
  CHECK(usage_message("register alice password=x").find("unexpected")
        != std::string::npos);
  CHECK(usage_message("friend").find("unknown command") != std::string::npos);
}

TEST_CASE("help lists every command once, a topic only its commands") {
  std::set<std::string> names;
  for (auto& spec : command_table())
    CHECK(names.insert(spec.name).second);
  auto all = help_text();
  for (auto& name : names)
    CHECK(all.find("  " + name) != std::string::npos);
  auto friends = help_text("friend ");
  CHECK(friends.find("friend accept <request_id>") != std::string::npos);
  CHECK(friends.find("group") == std::string::npos);
  CHECK(help_text("nothing").empty());
}
