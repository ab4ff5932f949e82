// Decoding the message commands (PROTOCOL.md section 3): send of text,
// image and file messages, history, and the ack of a push.

#include "protocol/decoder.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
using troupe::test::non_strings;
using troupe::test::rejected;
using troupe::test::repeat;
using troupe::test::send_params;

// -- send ---------------------------------------------------------------------

TEST_CASE("decoder decodes send of a text message") {
  auto req = accepted(frame("s-1", "send", send_params("text", "hello")));
  CHECK(req.id == "s-1");
  auto cmd = body_as<send_command>(req);
  CHECK(cmd.to == "bob");
  CHECK(cmd.kind == message_kind::text);
  CHECK(cmd.body == "hello");
}

TEST_CASE("decoder answers bad_request with the id for an empty text "
          "body") {
  auto err = rejected(frame("s-2", "send", send_params("text", "")));
  CHECK(code_of(err) == "bad_request");
  CHECK(err.id == "s-2");
}

TEST_CASE("decoder answers too_long with the id for a text body over the "
          "limit in code points") {
  limits lim;
  lim.max_text_chars = 5;
  for (auto body : {std::string{"123456"}, repeat(grin, 6),
                    repeat(e_acute, 3) + repeat(euro, 3)}) {
    INFO("body bytes: " << body.size());
    auto err = rejected(frame("s-3", "send", send_params("text", body)), lim);
    CHECK(code_of(err) == "too_long");
    CHECK(err.id == "s-3");
  }
}

TEST_CASE("decoder accepts a text body of exactly the limit in code "
          "points") {
  limits lim;
  lim.max_text_chars = 5;
  // 20 bytes but 5 code points: counted as characters, not bytes.
  for (auto body : {std::string{"12345"}, repeat(grin, 5),
                    repeat(e_acute, 2) + repeat(euro, 3), std::string{"x"}}) {
    INFO("body bytes: " << body.size());
    auto cmd = body_as<send_command>(
      accepted(frame("s-4", "send", send_params("text", body)), lim));
    CHECK(cmd.body == body);
  }
}

TEST_CASE("decoder applies the default text limit of 1023 code points") {
  limits lim;
  REQUIRE(lim.max_text_chars == 1023);
  for (auto unit : {std::string{"t"}, grin}) {
    auto at_limit = repeat(unit, 1023);
    auto cmd = body_as<send_command>(
      accepted(frame("s-5", "send", send_params("text", at_limit))));
    CHECK(cmd.body == at_limit);
    auto err
      = rejected(frame("s-6", "send", send_params("text", at_limit + unit)));
    CHECK(code_of(err) == "too_long");
    CHECK(err.id == "s-6");
  }
}

TEST_CASE("decoder answers bad_request with the id for a kind other than "
          "text, image and file") {
  std::vector<json> kinds = non_strings();
  for (auto name :
       {"", "TEXT", "Text", "text ", "image/png", "video", "files", "message"})
    kinds.emplace_back(name);
  for (auto& kind : kinds) {
    json params{{"to", "bob"}, {"kind", kind}, {"body", "hello"}};
    auto text = frame("s-7", "send", params);
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "s-7");
  }
}

TEST_CASE("decoder decodes an image or file body given as a JSON "
          "integer") {
  struct {
    const char* name;
    message_kind kind;
  } kinds[] = {{"image", message_kind::image}, {"file", message_kind::file}};
  for (auto& [name, kind] : kinds) {
    INFO("kind: " << std::string{name});
    auto cmd = body_as<send_command>(
      accepted(frame("s-8", "send", send_params(name, 123))));
    CHECK(cmd.to == "bob");
    CHECK(cmd.kind == kind);
    CHECK(cmd.body == "123");
    cmd = body_as<send_command>(
      accepted(frame("s-9", "send", send_params(name, max_id))));
    CHECK(cmd.body == "9007199254740991");
  }
}

// PROTOCOL.md section 3: "For image/file the body is a file id from
// POST /api/files", and a client may well send it as the string it got.
// Regression: parse_send once read the body with optional_id() first, which
// failed every non-integer with bad_request, so "123" never decoded and a
// malformed id never reached no_such_file.
TEST_CASE("decoder decodes an image or file body given as a digit "
          "string") {
  struct {
    const char* name;
    message_kind kind;
  } kinds[] = {{"image", message_kind::image}, {"file", message_kind::file}};
  for (auto& [name, kind] : kinds) {
    for (auto id : {"123", "1", "9007199254740991"}) {
      INFO("kind: " << std::string{name} << ", body: " << std::string{id});
      auto cmd = body_as<send_command>(
        accepted(frame("s-10", "send", send_params(name, id))));
      CHECK(cmd.kind == kind);
      CHECK(cmd.body == id);
    }
  }
}

TEST_CASE("decoder answers no_such_file with the id for an image or file "
          "body that is no file id") {
  for (auto name : {"image", "file"}) {
    for (auto body : {"", "abc", "12a", "a12", "0", "0123", "00", "-5", "+5",
                      " 123", "123 ", "1.5", "1e3", "0x1F"}) {
      auto text = frame("s-11", "send", send_params(name, body));
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "no_such_file");
      CHECK(err.id == "s-11");
    }
  }
}

TEST_CASE("decoder answers bad_request with the id for an image or file "
          "body of the wrong type") {
  for (auto name : {"image", "file"}) {
    for (auto& body :
         {json(0), json(-1), json(-123), json(1.5), json(123.5), json(nullptr),
          json(true), json::array({123}), json::object()}) {
      auto text = frame("s-12", "send", send_params(name, body));
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "s-12");
    }
  }
}

TEST_CASE("decoder answers bad_request with the id for a text body that is "
          "not a string") {
  for (auto& body : non_strings()) {
    auto text = frame("s-13", "send", send_params("text", body));
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "s-13");
  }
}

// -- history ------------------------------------------------------------------

TEST_CASE("decoder decodes history with a user and the defaults") {
  auto req = accepted(frame("h-1", "history", {{"with", "bob"}}));
  CHECK(req.id == "h-1");
  auto cmd = body_as<history_command>(req);
  CHECK(cmd.with == "bob");
  CHECK_FALSE(cmd.group_id.has_value());
  CHECK_FALSE(cmd.before.has_value());
  CHECK_FALSE(cmd.after.has_value());
  CHECK(cmd.limit == 50);
}

TEST_CASE("decoder decodes history of a group") {
  auto cmd = body_as<history_command>(
    accepted(frame("h-2", "history", {{"group_id", 9}})));
  CHECK(cmd.with.empty());
  CHECK(cmd.group_id == std::optional<std::int64_t>{9});
  CHECK(cmd.limit == 50);
}

TEST_CASE("decoder decodes history cursors and limit") {
  auto cmd = body_as<history_command>(accepted(
    frame("h-3", "history",
          {{"with", "bob"}, {"before", 40}, {"after", 10}, {"limit", 7}})));
  CHECK(cmd.with == "bob");
  CHECK(cmd.before == std::optional<std::int64_t>{40});
  CHECK(cmd.after == std::optional<std::int64_t>{10});
  CHECK(cmd.limit == 7);
  cmd = body_as<history_command>(
    accepted(frame("h-4", "history", {{"group_id", 3}, {"after", max_id}})));
  CHECK_FALSE(cmd.before.has_value());
  CHECK(cmd.after == std::optional<std::int64_t>{max_id});
}

TEST_CASE("decoder accepts history limits of 1 and 200") {
  for (int limit : {1, 2, 199, 200}) {
    auto cmd = body_as<history_command>(
      accepted(frame("h-5", "history", {{"with", "bob"}, {"limit", limit}})));
    CHECK(cmd.limit == static_cast<std::size_t>(limit));
  }
}

TEST_CASE("decoder answers bad_request with the id for a history limit "
          "outside 1 to 200") {
  for (auto& limit : {json(0), json(201), json(-1), json(1000), json(1.5),
                      json(10.0), json("10"), json(nullptr), json(true)}) {
    auto text = frame("h-6", "history", {{"with", "bob"}, {"limit", limit}});
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "h-6");
  }
}

TEST_CASE("decoder answers bad_request with the id for history with "
          "neither or both of with and group_id") {
  for (json params : {json::object(), json{{"with", ""}}, json{{"limit", 5}},
                      json{{"before", 5}, {"after", 2}},
                      json{{"with", "bob"}, {"group_id", 3}}}) {
    auto text = frame("h-7", "history", params);
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "h-7");
  }
}

TEST_CASE("decoder answers bad_request with the id for history ids that "
          "are not positive integers") {
  const std::vector<json> not_ids{json(0),          json(-1),      json(1.5),
                                  json("5"),        json(nullptr), json(true),
                                  json::array({5}), json::object()};
  for (auto field : {"group_id", "before", "after"}) {
    for (auto& value : not_ids) {
      json params{{field, value}};
      if (std::string{field} != "group_id")
        params["with"] = "bob";
      auto text = frame("h-8", "history", params);
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "h-8");
    }
  }
}

// -- ack ----------------------------------------------------------------------

TEST_CASE("decoder decodes an ack of a push id into a request without an "
          "id") {
  for (std::int64_t push_id : {std::int64_t{1}, std::int64_t{42}, max_id}) {
    auto text = json{{"type", "ack"}, {"id", push_id}}.dump();
    auto req = accepted(text);
    CHECK(req.id.empty());
    CHECK(body_as<ack_command>(req).push_id == push_id);
  }
  // Fields beside id and type are ignored, as for every request.
  auto req = accepted(R"({"id":5,"type":"ack","note":"x","push":[1]})");
  CHECK(req.id.empty());
  CHECK(body_as<ack_command>(req).push_id == 5);
}

TEST_CASE("decoder answers bad_request with a null id for an ack without a "
          "positive integer id") {
  for (auto& id : {json("42"), json("c-1"), json(""), json(0), json(-1),
                   json(1.5), json(42.5), json(nullptr), json(true),
                   json::array({42}), json::object()}) {
    auto text = json{{"type", "ack"}, {"id", id}}.dump();
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK_FALSE(err.id.has_value());
  }
  for (std::string text : {R"({"type":"ack"})", R"({"type":"ack","push_id":4})",
                           R"({"type":"ack","id":18446744073709551615})",
                           R"({"type":"ack","id":9223372036854775808})"}) {
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK_FALSE(err.id.has_value());
  }
}
