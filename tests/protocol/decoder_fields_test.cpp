// Decoding required and wrong-typed fields of every command: each yields
// bad_request with the request's id (PROTOCOL.md sections 2 and 3).

#include "protocol/decoder.hpp"

#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/protocol/decoder_support.hpp"

using namespace troupe::protocol;
using json = nlohmann::json;
using troupe::test::accepted;
using troupe::test::code_of;
using troupe::test::frame;
using troupe::test::non_strings;
using troupe::test::registration;
using troupe::test::rejected;
using troupe::test::send_params;

// -- required fields ----------------------------------------------------------

TEST_CASE("decoder answers bad_request with the id when a required field is "
          "missing") {
  struct {
    const char* type;
    json params;
  } cases[] = {
    {"register", {{"password", "correct horse"}}},
    {"register", {{"username", "alice"}}},
    {"register", json::object()},
    {"login", {{"password", "correct horse"}}},
    {"login", {{"username", "alice"}}},
    {"login", json::object()},
    {"get_user", json::object()},
    {"get_user", {{"user", "alice"}}},
  };
  for (auto& [type, params] : cases) {
    auto text = frame("m-1", type, params);
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "m-1");
  }
}

TEST_CASE("decoder answers bad_request with the id when a required field is "
          "not a string") {
  struct {
    const char* type;
    const char* field;
  } cases[] = {{"register", "username"},
               {"register", "password"},
               {"login", "username"},
               {"login", "password"},
               {"get_user", "username"}};
  for (auto& [type, field] : cases) {
    for (auto& value : non_strings()) {
      auto params = registration("alice", "correct horse");
      params[field] = value;
      auto text = frame("w-1", type, params);
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "w-1");
    }
  }
}

// -- friend, message and presence commands ------------------------------------

TEST_CASE("decoder answers bad_request with the id when a required field of "
          "a friend or message command is missing") {
  struct {
    const char* type;
    json params;
  } cases[] = {
    {"friend_request", json::object()},
    {"friend_request", {{"note", "hi"}}},
    {"friend_request", {{"user", "bob"}}},
    {"friend_respond", json::object()},
    {"friend_respond", {{"accept", true}}},
    {"friend_respond", {{"request_id", 7}}},
    {"friend_remove", json::object()},
    {"send", json::object()},
    {"send", {{"kind", "text"}, {"body", "hi"}}},
    {"send", {{"to", "bob"}, {"body", "hi"}}},
    {"send", {{"to", "bob"}, {"kind", "text"}}},
    {"send", {{"to", "bob"}, {"kind", "image"}}},
    {"send", {{"to", "bob"}, {"kind", "file"}}},
    {"presence", json::object()},
    {"presence", {{"user", "bob"}}},
  };
  for (auto& [type, params] : cases) {
    auto text = frame("mf-1", type, params);
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "mf-1");
  }
}

TEST_CASE("decoder answers bad_request with the id for wrong-typed fields "
          "of the friend and message commands") {
  const std::vector<json> not_ids{json("7"),        json(0),       json(-1),
                                  json(1.5),        json(nullptr), json(true),
                                  json::array({7}), json::object()};
  const std::vector<json> not_bools{json(1), json("true"), json(nullptr),
                                    json::array({true}), json::object()};
  const std::vector<json> not_numbers{json("1"), json(nullptr), json(false),
                                      json::array({1}), json::object()};
  const auto& not_strings = non_strings();
  struct {
    const char* type;
    json valid;
    const char* field;
    const std::vector<json>& wrong;
  } cases[] = {
    {"friend_request", {{"username", "bob"}}, "username", not_strings},
    {"friend_request", {{"username", "bob"}}, "note", not_strings},
    {"friend_respond",
     {{"request_id", 1}, {"accept", true}},
     "request_id",
     not_ids},
    {"friend_respond",
     {{"request_id", 1}, {"accept", true}},
     "accept",
     not_bools},
    {"friend_remove", {{"username", "bob"}}, "username", not_strings},
    {"send", send_params("text", "hi"), "to", not_strings},
    {"send", send_params("text", "hi"), "kind", not_strings},
    {"send", send_params("text", "hi"), "body", not_strings},
    {"send", send_params("image", 5), "to", not_strings},
    {"send", send_params("file", 5), "kind", not_strings},
    {"history", {{"with", "bob"}}, "with", not_strings},
    {"history", {{"group_id", 2}}, "group_id", not_ids},
    {"history", {{"with", "bob"}}, "before", not_ids},
    {"history", {{"group_id", 2}}, "after", not_ids},
    {"presence", {{"username", "bob"}}, "username", not_strings},
    {"set_location", {{"lat", 1}, {"lon", 2}}, "lat", not_numbers},
    {"set_location", {{"lat", 1}, {"lon", 2}}, "lon", not_numbers},
  };
  for (auto& [type, valid, field, wrong] : cases) {
    // The valid parameters pass, so each rejection is the field's doing.
    accepted(frame("wt-1", type, valid));
    for (auto& value : wrong) {
      auto params = valid;
      params[field] = value;
      auto text = frame("wt-2", type, params);
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "wt-2");
    }
  }
}
