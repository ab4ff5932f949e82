// What troupe-cli prints for replies and pushes, for people and for
// scripts.

#include <doctest/doctest.h>

#include "apps/cli/output.hpp"

using namespace troupe::cli;

namespace {

json ok(json data) {
  return {{"id", "r1"}, {"type", "ok"}, {"data", std::move(data)}};
}

// 2026-01-02 03:04:05 UTC
constexpr std::int64_t when = 1767323045000;

} // namespace

TEST_CASE("times are UTC, to the second") {
  CHECK(format_time(when) == "2026-01-02 03:04:05");
  CHECK(format_time(when + 999) == "2026-01-02 03:04:05");
}

TEST_CASE("JSON mode prints the data, the error or the push as one line") {
  auto req = json{{"type", "send"}};
  CHECK(format_reply(req, ok({{"msg_id", 7}, {"ts", when}}), output_mode::json)
        == R"({"msg_id":7,"ts":1767323045000})"
           "\n");
  auto error = json{{"id", "r1"},
                    {"type", "error"},
                    {"code", "not_friends"},
                    {"message", "not friends"}};
  CHECK(format_reply(req, error, output_mode::json)
        == R"({"code":"not_friends","message":"not friends"})"
           "\n");
  auto push = json{{"type", "presence"}, {"username", "bob"}, {"online", true}};
  CHECK(format_push(push, output_mode::json) == push.dump() + "\n");
}

TEST_CASE("people read errors as code and message") {
  auto error = json{{"id", "r1"},
                    {"type", "error"},
                    {"code", "auth_failed"},
                    {"message", "wrong username or password"}};
  CHECK(format_reply({{"type", "login"}}, error, output_mode::human)
        == "error: auth_failed: wrong username or password\n");
}

TEST_CASE("people read messages on one line each") {
  auto message = json{{"type", "message"}, {"id", 9},     {"msg_id", 9},
                      {"from", "alice"},   {"to", "bob"}, {"kind", "text"},
                      {"body", "hi"},      {"ts", when}};
  CHECK(format_push(message, output_mode::human)
        == "2026-01-02 03:04:05  alice → bob: hi  (#9)\n");
  auto in_group = json{{"type", "message"}, {"id", 10},      {"msg_id", 10},
                       {"from", "alice"},   {"group_id", 5}, {"kind", "file"},
                       {"body", "33"},      {"ts", when}};
  CHECK(format_push(in_group, output_mode::human)
        == "2026-01-02 03:04:05  alice in group 5: [file 33]  (#10)\n");
  CHECK(format_reply({{"type", "history"}},
                     ok({{"messages", json::array({message, in_group})}}),
                     output_mode::human)
        == format_push(message, output_mode::human)
             + format_push(in_group, output_mode::human));
  CHECK(format_reply({{"type", "history"}}, ok({{"messages", json::array()}}),
                     output_mode::human)
        == "(no messages)\n");
}

TEST_CASE("people read replies as sentences and short tables") {
  auto h = output_mode::human;
  CHECK(format_reply({{"type", "register"}, {"username", "alice"}},
                     ok({{"user_id", 1}}), h)
        == "registered alice (user id 1)\n");
  CHECK(format_reply({{"type", "login"}},
                     ok({{"user_id", 1}, {"username", "alice"}}), h)
        == "logged in as alice (user id 1)\n");
  CHECK(format_reply({{"type", "send"}}, ok({{"msg_id", 7}, {"ts", when}}), h)
        == "sent (#7 at 2026-01-02 03:04:05)\n");
  CHECK(format_reply({{"type", "friend_request"}, {"username", "bob"}},
                     ok({{"request_id", 4}}), h)
        == "friend request #4 sent to bob\n");
  CHECK(format_reply({{"type", "friend_request"}, {"username", "bob"}},
                     ok({{"request_id", 4}, {"accepted", true}}), h)
        == "bob had asked you already: you are friends now\n");
  CHECK(
    format_reply(
      {{"type", "friends"}},
      ok({{"friends",
           {{{"username", "bob"}, {"online", true}, {"last_message_at", when}},
            {{"username", "carol"},
             {"online", false},
             {"last_message_at", 0}}}}}),
      h)
    == "bob  online  last message 2026-01-02 03:04:05\n"
       "carol  offline\n");
  CHECK(format_reply({{"type", "groups"}},
                     ok({{"groups",
                          {{{"group_id", 5},
                            {"name", "club"},
                            {"role", "owner"},
                            {"state", "normal"}}}}}),
                     h)
        == "#5 club  (owner, normal)\n");
  // A page with more after it says how to ask for the next.
  CHECK(format_reply({{"type", "groups"}},
                     ok({{"groups",
                          {{{"group_id", 5},
                            {"name", "club"},
                            {"role", "owner"},
                            {"state", "normal"}}}},
                         {"more", true}}),
                     h)
        == "#5 club  (owner, normal)\n(more follow: groups after=5)\n");
  CHECK(
    format_reply({{"type", "friends"}, {"offset", 10}},
                 ok({{"friends", {{{"username", "carol"}, {"online", false}}}},
                     {"more", true}}),
                 h)
    == "carol  offline\n(more follow: friends offset=11)\n");
  CHECK(format_reply({{"type", "presence"}, {"username", "bob"}},
                     ok({{"online", true},
                         {"last_seen", when},
                         {"location", {{"lat", 1.5}, {"lon", 2}}}}),
                     h)
        == "bob: online, last seen 2026-01-02 03:04:05, location 1.5, 2\n");
  CHECK(format_reply({{"type", "group_leave"}}, ok(json::object()), h)
        == "ok\n");
}

TEST_CASE("people read pushes as what happened") {
  auto h = output_mode::human;
  CHECK(format_push({{"type", "friend_update"},
                     {"id", 3},
                     {"username", "bob"},
                     {"change", "accepted"}},
                    h)
        == "bob and you are friends now\n");
  CHECK(format_push({{"type", "group_update"},
                     {"id", 4},
                     {"group_id", 5},
                     {"change", "role"},
                     {"username", "bob"},
                     {"role", "admin"}},
                    h)
        == "group #5: bob is now admin\n");
  CHECK(format_push(
          {{"type", "presence"}, {"username", "bob"}, {"online", false}}, h)
        == "bob is offline\n");
  CHECK(format_push({{"type", "closing"}, {"reason", "replaced"}}, h)
        == "the node ends this session: replaced\n");
  CHECK(
    format_push(
      {{"type", "system"}, {"id", 8}, {"body", "maintenance"}, {"ts", when}}, h)
    == "2026-01-02 03:04:05  system: maintenance\n");
}
