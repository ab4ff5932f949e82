// Decoding the group commands (PROTOCOL.md section 3): group_create,
// group_add, group_kick, group_leave, group_set_role, group_set_state,
// group_send, groups and group_members.

#include "protocol/decoder.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "protocol/limits.hpp"
#include "tests/protocol/decoder_support.hpp"

using namespace troupe::protocol;
using json = nlohmann::json;
using troupe::test::accepted;
using troupe::test::body_as;
using troupe::test::code_of;
using troupe::test::e_acute;
using troupe::test::euro;
using troupe::test::frame;
using troupe::test::grin;
using troupe::test::non_strings;
using troupe::test::rejected;
using troupe::test::repeat;
using troupe::test::send_params;

namespace {

json group_send_params(const std::string& kind, json body) {
  return json{{"group_id", 7}, {"kind", kind}, {"body", std::move(body)}};
}

/// A group command with well-formed parameters.
struct group_case {
  const char* type;
  json params;
};

/// Every group command that takes a group_id, with valid parameters.
std::vector<group_case> commands_with_group_id() {
  return {
    {"group_add", {{"group_id", 7}, {"username", "bob"}}},
    {"group_kick", {{"group_id", 7}, {"username", "bob"}}},
    {"group_leave", {{"group_id", 7}}},
    {"group_set_role",
     {{"group_id", 7}, {"username", "bob"}, {"role", "admin"}}},
    {"group_set_state", {{"group_id", 7}, {"state", "muted"}}},
    {"group_send", {{"group_id", 7}, {"kind", "text"}, {"body", "hi"}}},
    {"group_members", {{"group_id", 7}}},
  };
}

/// Every group command that takes a username, with valid parameters.
std::vector<group_case> commands_with_username() {
  return {
    {"group_add", {{"group_id", 7}, {"username", "bob"}}},
    {"group_kick", {{"group_id", 7}, {"username", "bob"}}},
    {"group_set_role",
     {{"group_id", 7}, {"username", "bob"}, {"role", "member"}}},
  };
}

} // namespace

// -- each command, well-formed ----------------------------------------------

TEST_CASE("decoder decodes group_create with a name") {
  auto req = accepted(frame("g-1", "group_create", {{"name", "club"}}));
  CHECK(req.id == "g-1");
  CHECK(body_as<group_create_command>(req).name == "club");
}

TEST_CASE("decoder decodes group_add and group_kick") {
  auto req = accepted(
    frame("g-2", "group_add", {{"group_id", 7}, {"username", "bob"}}));
  CHECK(req.id == "g-2");
  auto add = body_as<group_add_command>(req);
  CHECK(add.group_id == 7);
  CHECK(add.username == "bob");

  req = accepted(
    frame("g-3", "group_kick", {{"group_id", max_id}, {"username", "carol"}}));
  CHECK(req.id == "g-3");
  auto kick = body_as<group_kick_command>(req);
  CHECK(kick.group_id == max_id);
  CHECK(kick.username == "carol");
}

TEST_CASE("decoder decodes group_leave and group_members") {
  auto req = accepted(frame("g-4", "group_leave", {{"group_id", 12}}));
  CHECK(req.id == "g-4");
  CHECK(body_as<group_leave_command>(req).group_id == 12);

  req = accepted(frame("g-5", "group_members", {{"group_id", 13}}));
  CHECK(req.id == "g-5");
  CHECK(body_as<group_members_command>(req).group_id == 13);
}

TEST_CASE("decoder decodes groups, ignoring other fields") {
  auto req = accepted(frame("g-6", "groups"));
  CHECK(req.id == "g-6");
  body_as<groups_command>(req);
  req = accepted(frame("g-7", "groups", {{"group_id", "x"}, {"name", 5}}));
  auto all = body_as<groups_command>(req);
  CHECK(all.after == 0);
  CHECK(all.limit == limits{}.max_list_items);
}

TEST_CASE("decoder reads a page of groups: after a group id, limit from 1 "
          "to limits.max_list_items") {
  limits lim;
  lim.max_list_items = 20;
  auto page = body_as<groups_command>(
    accepted(frame("g-8", "groups", {{"after", 77}, {"limit", 5}}), lim));
  CHECK(page.after == 77);
  CHECK(page.limit == 5);
  for (auto bad : {json{{"limit", 21}}, json{{"limit", 0}}, json{{"after", 0}},
                   json{{"after", "x"}}})
    CHECK(code_of(rejected(frame("g-9", "groups", bad), lim)) == "bad_request");
}

TEST_CASE("decoder decodes group_set_role to admin and to member") {
  struct {
    const char* name;
    group_role role;
  } cases[] = {{"admin", group_role::admin}, {"member", group_role::member}};
  for (auto& [name, role] : cases) {
    INFO("role: " << std::string{name});
    auto req
      = accepted(frame("g-8", "group_set_role",
                       {{"group_id", 7}, {"username", "bob"}, {"role", name}}));
    CHECK(req.id == "g-8");
    auto cmd = body_as<group_set_role_command>(req);
    CHECK(cmd.group_id == 7);
    CHECK(cmd.username == "bob");
    CHECK(cmd.role == role);
  }
}

TEST_CASE("decoder decodes group_set_state to each of the four states") {
  struct {
    const char* name;
    group_state state;
  } cases[] = {{"normal", group_state::normal},
               {"muted", group_state::muted},
               {"admins_only", group_state::admins_only},
               {"dissolved", group_state::dissolved}};
  for (auto& [name, state] : cases) {
    INFO("state: " << std::string{name});
    auto req = accepted(
      frame("g-9", "group_set_state", {{"group_id", 7}, {"state", name}}));
    CHECK(req.id == "g-9");
    auto cmd = body_as<group_set_state_command>(req);
    CHECK(cmd.group_id == 7);
    CHECK(cmd.state == state);
  }
}

TEST_CASE("decoder decodes group_send of a text message") {
  auto req = accepted(
    frame("g-10", "group_send", group_send_params("text", "hi all")));
  CHECK(req.id == "g-10");
  auto cmd = body_as<group_send_command>(req);
  CHECK(cmd.group_id == 7);
  CHECK(cmd.kind == message_kind::text);
  CHECK(cmd.body == "hi all");
}

// -- group_id -----------------------------------------------------------------

TEST_CASE("decoder answers bad_request with the id for a missing group_id") {
  for (auto& [type, params] : commands_with_group_id()) {
    auto without = params;
    without.erase("group_id");
    auto text = frame("g-11", type, without);
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "g-11");
    // The same parameters with the group_id decode.
    accepted(frame("g-11", type, params));
  }
}

TEST_CASE("decoder answers bad_request with the id for a group_id that is "
          "not a positive integer") {
  const std::vector<json> not_ids{json(0),
                                  json(-1),
                                  json(-7),
                                  json(1.5),
                                  json(7.0),
                                  json("7"),
                                  json(""),
                                  json(nullptr),
                                  json(true),
                                  json::array({7}),
                                  json::object(),
                                  json(max_id + 1),
                                  json(static_cast<std::uint64_t>(1) << 63)};
  for (auto& [type, params] : commands_with_group_id()) {
    for (auto& value : not_ids) {
      auto bad = params;
      bad["group_id"] = value;
      auto text = frame("g-12", type, bad);
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "g-12");
    }
  }
}

TEST_CASE("decoder accepts group ids 1 and max_id") {
  for (auto& [type, params] : commands_with_group_id()) {
    for (std::int64_t id : {std::int64_t{1}, max_id}) {
      auto good = params;
      good["group_id"] = id;
      INFO("type: " << std::string{type} << ", group_id: " << id);
      accepted(frame("g-13", type, good));
    }
  }
}

// -- username -----------------------------------------------------------------

TEST_CASE("decoder answers bad_request with the id for a missing or "
          "non-string username") {
  for (auto& [type, params] : commands_with_username()) {
    auto without = params;
    without.erase("username");
    auto text = frame("g-14", type, without);
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "g-14");
    for (auto& value : non_strings()) {
      auto bad = params;
      bad["username"] = value;
      text = frame("g-15", type, bad);
      err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "g-15");
    }
  }
}

// -- role and state -----------------------------------------------------------

TEST_CASE("decoder answers bad_request with the id for group_set_role to "
          "owner") {
  auto err = rejected(
    frame("g-16", "group_set_role",
          {{"group_id", 7}, {"username", "bob"}, {"role", "owner"}}));
  CHECK(code_of(err) == "bad_request");
  CHECK(err.id == "g-16");
}

TEST_CASE("decoder answers bad_request with the id for a role other than "
          "admin and member") {
  std::vector<json> roles = non_strings();
  for (auto name : {"", "Admin", "ADMIN", "admin ", " member", "members",
                    "moderator", "Owner", "normal", "muted"})
    roles.emplace_back(name);
  for (auto& role : roles) {
    auto text = frame("g-17", "group_set_role",
                      {{"group_id", 7}, {"username", "bob"}, {"role", role}});
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "g-17");
  }
  auto err = rejected(
    frame("g-18", "group_set_role", {{"group_id", 7}, {"username", "bob"}}));
  CHECK(code_of(err) == "bad_request");
  CHECK(err.id == "g-18");
}

TEST_CASE("decoder answers bad_request with the id for a state other than "
          "the four") {
  std::vector<json> states = non_strings();
  for (auto name :
       {"", "Normal", "MUTED", "muted ", "admins-only", "adminsonly",
        "admin_only", "dissolve", "closed", "admin", "member"})
    states.emplace_back(name);
  for (auto& state : states) {
    auto text
      = frame("g-19", "group_set_state", {{"group_id", 7}, {"state", state}});
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "g-19");
  }
  auto err = rejected(frame("g-20", "group_set_state", {{"group_id", 7}}));
  CHECK(code_of(err) == "bad_request");
  CHECK(err.id == "g-20");
}

// -- group_create name ------------------------------------------------------

TEST_CASE("decoder answers bad_request with the id for a missing, empty or "
          "non-string group name") {
  std::vector<json> names = non_strings();
  names.emplace_back("");
  for (auto& name : names) {
    auto text = frame("g-21", "group_create", {{"name", name}});
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "g-21");
  }
  auto err = rejected(frame("g-22", "group_create"));
  CHECK(code_of(err) == "bad_request");
  CHECK(err.id == "g-22");
}

TEST_CASE("decoder accepts group names of 1 to 64 code points") {
  REQUIRE(max_group_name_chars == 64);
  // 64 code points of up to 256 bytes: counted as characters, not bytes.
  for (auto name :
       {std::string{"x"}, grin, repeat("n", 64), repeat(e_acute, 64),
        repeat(euro, 64), repeat(grin, 64),
        repeat(e_acute, 20) + repeat(euro, 20) + repeat(grin, 24)}) {
    INFO("name bytes: " << name.size());
    auto cmd = body_as<group_create_command>(
      accepted(frame("g-23", "group_create", {{"name", name}})));
    CHECK(cmd.name == name);
  }
}

TEST_CASE("decoder answers bad_request (not too_long, which PROTOCOL.md does "
          "not list for group_create) for a group name of 65 code points") {
  for (auto name : {repeat("n", 65), repeat(e_acute, 65), repeat(grin, 65),
                    repeat(e_acute, 21) + repeat(euro, 20) + repeat(grin, 24),
                    repeat("n", 1000)}) {
    INFO("name bytes: " << name.size());
    auto err = rejected(frame("g-24", "group_create", {{"name", name}}));
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "g-24");
  }
}

TEST_CASE("decoder limits group names independently of max_text_chars") {
  limits lim;
  lim.max_text_chars = 5;
  auto cmd = body_as<group_create_command>(
    accepted(frame("g-25", "group_create", {{"name", repeat("n", 64)}}), lim));
  CHECK(cmd.name.size() == 64);
  lim.max_text_chars = 4096;
  auto err
    = rejected(frame("g-26", "group_create", {{"name", repeat("n", 65)}}), lim);
  CHECK(code_of(err) == "bad_request");
}

// -- group_send content -------------------------------------------------------

TEST_CASE("decoder answers too_long with the id for a group_send text over "
          "the limit in code points") {
  limits lim;
  lim.max_text_chars = 5;
  for (auto body : {std::string{"123456"}, repeat(grin, 6),
                    repeat(e_acute, 3) + repeat(euro, 3)}) {
    INFO("body bytes: " << body.size());
    auto err = rejected(
      frame("g-27", "group_send", group_send_params("text", body)), lim);
    CHECK(code_of(err) == "too_long");
    CHECK(err.id == "g-27");
  }
  for (auto body : {std::string{"12345"}, repeat(grin, 5)}) {
    auto cmd = body_as<group_send_command>(accepted(
      frame("g-28", "group_send", group_send_params("text", body)), lim));
    CHECK(cmd.body == body);
  }
  // The default limit of 1023 code points.
  auto err = rejected(
    frame("g-29", "group_send", group_send_params("text", repeat(grin, 1024))));
  CHECK(code_of(err) == "too_long");
  accepted(
    frame("g-30", "group_send", group_send_params("text", repeat(grin, 1023))));
}

TEST_CASE("decoder answers bad_request with the id for a group_send with an "
          "empty or non-string text, or an unknown kind") {
  std::vector<json> params{
    group_send_params("text", ""), group_send_params("video", "hi"),
    group_send_params("TEXT", "hi"), json{{"group_id", 7}, {"body", "hi"}},
    json{{"group_id", 7}, {"kind", "text"}}};
  for (auto& body : non_strings())
    params.push_back(group_send_params("text", body));
  for (auto& p : params) {
    auto text = frame("g-31", "group_send", p);
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "g-31");
  }
}

TEST_CASE("decoder decodes a group_send image or file body given as a "
          "number or a digit string") {
  struct {
    const char* name;
    message_kind kind;
  } kinds[] = {{"image", message_kind::image}, {"file", message_kind::file}};
  for (auto& [name, kind] : kinds) {
    for (auto& [body, expected] : std::vector<std::pair<json, std::string>>{
           {json(123), "123"},
           {json(max_id), "9007199254740991"},
           {json("123"), "123"},
           {json("1"), "1"},
           {json("9007199254740991"), "9007199254740991"}}) {
      INFO("kind: " << std::string{name} << ", body: " << body.dump());
      auto cmd = body_as<group_send_command>(
        accepted(frame("g-32", "group_send", group_send_params(name, body))));
      CHECK(cmd.group_id == 7);
      CHECK(cmd.kind == kind);
      CHECK(cmd.body == expected);
    }
  }
}

TEST_CASE("decoder answers no_such_file with the id for a group_send image "
          "or file body that is no file id") {
  for (auto name : {"image", "file"}) {
    for (auto body :
         {"", "abc", "12a", "0", "0123", "-5", " 123", "1.5", "1e3", "0x1F"}) {
      auto text = frame("g-33", "group_send", group_send_params(name, body));
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "no_such_file");
      CHECK(err.id == "g-33");
    }
  }
}

TEST_CASE("decoder answers group_send content exactly as send") {
  std::vector<std::pair<std::string, json>> contents{
    {"text", "hello"}, {"text", ""},      {"text", 5},
    {"text", nullptr}, {"image", 42},     {"image", "42"},
    {"image", "x42"},  {"image", "042"},  {"image", 0},
    {"image", -3},     {"image", 1.5},    {"image", true},
    {"file", "7"},     {"file", "seven"}, {"file", json::array()},
    {"sticker", "x"},  {"", "x"}};
  limits lim;
  lim.max_text_chars = 3;
  contents.emplace_back("text", "abcd");
  contents.emplace_back("text", "abc");
  for (auto& [kind, body] : contents) {
    INFO("kind: " << kind << ", body: " << body.dump());
    auto direct
      = decode_request(frame("g-34", "send", send_params(kind, body)), lim);
    auto group = decode_request(
      frame("g-34", "group_send", group_send_params(kind, body)), lim);
    REQUIRE(direct.index() == group.index());
    if (auto err = std::get_if<decode_error>(&direct)) {
      CHECK(code_of(std::get<decode_error>(group)) == code_of(*err));
    } else {
      auto& s = std::get<send_command>(std::get<request>(direct).body);
      auto& g = std::get<group_send_command>(std::get<request>(group).body);
      CHECK(g.kind == s.kind);
      CHECK(g.body == s.body);
    }
  }
}
