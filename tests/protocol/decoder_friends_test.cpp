// Decoding the friend commands (PROTOCOL.md section 3): friend_request,
// friend_respond, friend_remove, friends and friend_requests.

#include "protocol/decoder.hpp"

#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

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
using troupe::test::rejected;
using troupe::test::repeat;

// -- friend commands ----------------------------------------------------------

TEST_CASE("decoder decodes friend_request with a username and a note") {
  auto req = accepted(
    frame("fr-1", "friend_request", {{"username", "bob"}, {"note", "hi!"}}));
  CHECK(req.id == "fr-1");
  auto cmd = body_as<friend_request_command>(req);
  CHECK(cmd.username == "bob");
  CHECK(cmd.note == "hi!");
}

TEST_CASE("decoder reads a missing friend_request note as empty") {
  auto cmd = body_as<friend_request_command>(
    accepted(frame("fr-2", "friend_request", {{"username", "bob"}})));
  CHECK(cmd.username == "bob");
  CHECK(cmd.note == "");
}

TEST_CASE("decoder answers too_long with the id for a friend_request note "
          "over the text limit") {
  limits lim;
  lim.max_text_chars = 5;
  for (auto note : {std::string{"123456"}, repeat(grin, 6),
                    repeat(e_acute, 3) + repeat(euro, 3)}) {
    INFO("note bytes: " << note.size());
    auto err = rejected(
      frame("fr-3", "friend_request", {{"username", "bob"}, {"note", note}}),
      lim);
    CHECK(code_of(err) == "too_long");
    CHECK(err.id == "fr-3");
  }
}

TEST_CASE("decoder accepts a friend_request note of exactly the text limit "
          "in code points") {
  limits lim;
  lim.max_text_chars = 5;
  for (auto note : {std::string{"12345"}, repeat(grin, 5),
                    repeat(e_acute, 2) + repeat(euro, 3)}) {
    INFO("note bytes: " << note.size());
    auto cmd = body_as<friend_request_command>(accepted(
      frame("fr-4", "friend_request", {{"username", "bob"}, {"note", note}}),
      lim));
    CHECK(cmd.note == note);
  }
}

TEST_CASE("decoder applies the default text limit to a friend_request "
          "note") {
  limits lim;
  auto at_limit = repeat(euro, lim.max_text_chars);
  auto cmd = body_as<friend_request_command>(accepted(frame(
    "fr-5", "friend_request", {{"username", "bob"}, {"note", at_limit}})));
  CHECK(cmd.note == at_limit);
  auto err = rejected(frame("fr-6", "friend_request",
                            {{"username", "bob"}, {"note", at_limit + "n"}}));
  CHECK(code_of(err) == "too_long");
  CHECK(err.id == "fr-6");
}

TEST_CASE("decoder decodes friend_respond with a request id and a bool") {
  for (bool accept : {true, false}) {
    auto req = accepted(
      frame("rs-1", "friend_respond", {{"request_id", 7}, {"accept", accept}}));
    CHECK(req.id == "rs-1");
    auto cmd = body_as<friend_respond_command>(req);
    CHECK(cmd.request_id == 7);
    CHECK(cmd.accept == accept);
  }
  auto cmd = body_as<friend_respond_command>(accepted(frame(
    "rs-2", "friend_respond", {{"request_id", max_id}, {"accept", true}})));
  CHECK(cmd.request_id == max_id);
}

TEST_CASE("decoder answers bad_request with the id for a friend_respond "
          "request id that is not a positive integer") {
  for (auto& value : {json(0), json(-1), json(1.5), json("7"), json(nullptr),
                      json(true), json::array({7}), json::object()}) {
    auto text = frame("rs-3", "friend_respond",
                      {{"request_id", value}, {"accept", true}});
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "rs-3");
  }
  // A raw integer above int64 must not wrap into a valid id.
  auto err = rejected(R"({"id":"rs-4","type":"friend_respond",)"
                      R"("request_id":18446744073709551623,"accept":true})");
  CHECK(code_of(err) == "bad_request");
  CHECK(err.id == "rs-4");
}

TEST_CASE("decoder answers bad_request with the id for a friend_respond "
          "accept that is not a bool") {
  for (auto& value : {json(1), json(0), json("true"), json("false"),
                      json(nullptr), json::array({true}), json::object()}) {
    auto text
      = frame("rs-5", "friend_respond", {{"request_id", 7}, {"accept", value}});
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "rs-5");
  }
}

TEST_CASE("decoder decodes friend_remove with a username") {
  auto req = accepted(frame("rm-1", "friend_remove", {{"username", "bob"}}));
  CHECK(req.id == "rm-1");
  CHECK(body_as<friend_remove_command>(req).username == "bob");
}

TEST_CASE("decoder decodes friends and friend_requests without "
          "parameters") {
  auto req = accepted(frame("fl-1", "friends"));
  CHECK(req.id == "fl-1");
  auto all = body_as<friends_command>(req);
  CHECK(all.offset == 0);
  CHECK(all.limit == limits{}.max_list_items);
  req = accepted(frame("fl-2", "friend_requests"));
  CHECK(req.id == "fl-2");
  body_as<friend_requests_command>(req);
  // Parameters they do not take are ignored like any unknown field.
  json extra{{"username", 5}, {"group_id", "x"}};
  body_as<friends_command>(accepted(frame("fl-3", "friends", extra)));
  body_as<friend_requests_command>(
    accepted(frame("fl-4", "friend_requests", {{"limit", "x"}})));
}

TEST_CASE("decoder reads a page of friends: offset from 0, limit from 1 to "
          "limits.max_list_items") {
  limits lim;
  lim.max_list_items = 20;
  auto page = body_as<friends_command>(
    accepted(frame("fl-5", "friends", {{"offset", 40}, {"limit", 20}}), lim));
  CHECK(page.offset == 40);
  CHECK(page.limit == 20);
  CHECK(body_as<friends_command>(accepted(frame("fl-6", "friends"), lim)).limit
        == 20);
  for (auto bad : {json{{"limit", 21}}, json{{"limit", 0}},
                   json{{"offset", -1}}, json{{"offset", "x"}}})
    CHECK(code_of(rejected(frame("fl-7", "friends", bad), lim))
          == "bad_request");
}
