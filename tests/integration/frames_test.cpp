// Bad input on the WebSocket: every malformed frame is answered, none
// closes the socket until the bad-frame limit, and the frame-level faults
// close with the RFC 6455 codes of PROTOCOL.md section 1.

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;

namespace {

/// Sends `text` and returns the node's answer to it.
json answer_to(ws_client& c, const std::string& text) {
  c.send_text(text);
  return c.read();
}

/// Returns a ping request padded with a string field to exactly `size`
/// bytes.
std::string ping_of_size(std::size_t size) {
  std::string head = R"({"id":"big","type":"ping","pad":")";
  std::string tail = R"("})";
  return head + std::string(size - head.size() - tail.size(), 'x') + tail;
}

} // namespace

TEST_CASE("malformed frames are answered bad_request and keep the socket") {
  node_process node;
  ws_client c{node.port()};
  struct bad_frame {
    std::string text;
    json id;
  };
  std::vector<bad_frame> frames{
    {"not json", nullptr},
    {"[1,2,3]", nullptr},
    {"\"a string\"", nullptr},
    {"42", nullptr},
    {R"({"type":"ping"})", nullptr},
    {R"({"id":7,"type":"ping"})", nullptr},
    {R"({"id":null,"type":"ping"})", nullptr},
    {R"({"id":"","type":"ping"})", nullptr},
    {R"({"id":")" + std::string(65, 'i') + R"(","type":"ping"})", nullptr},
    {R"({"id":"a1"})", "a1"},
    {R"({"id":"a2","type":5})", "a2"},
    {R"({"id":"a3","type":"login","username":"alice"})", "a3"},
    {R"({"id":"a4","type":"login","username":1,"password":"x"})", "a4"},
    {R"({"id":"a5","type":"get_user","username":["alice"]})", "a5"},
  };
  for (auto& f : frames) {
    INFO(f.text);
    auto reply = answer_to(c, f.text);
    CHECK(error_code_of(reply) == "bad_request");
    CHECK(reply["id"] == f.id);
  }
  CHECK(ok_data(c.call("ping"))["time"].is_number());
}

TEST_CASE("an id of 64 characters is accepted and echoed") {
  node_process node;
  ws_client c{node.port()};
  std::string id;
  for (int i = 0; i < 64; ++i)
    id += "é";
  auto reply = c.request({{"id", id}, {"type", "ping"}});
  CHECK(reply["id"] == id);
  CHECK(reply["type"] == "ok");
}

TEST_CASE("unknown commands answer unknown_type") {
  node_process node;
  ws_client c{node.port()};
  for (auto type : {"no_such_thing", "group_delete", "welcome", "message"}) {
    auto reply = c.call(type);
    CHECK(error_code_of(reply) == "unknown_type");
    CHECK(reply["id"].is_string());
  }
  CHECK(ok_data(c.call("ping"))["time"].is_number());
}

TEST_CASE("max_bad_frames bad frames in a row are tolerated, one more "
          "closes") {
  node_process node{{"--limits.max_bad_frames=5"}};
  ws_client c{node.port()};
  for (int i = 0; i < 5; ++i)
    CHECK(error_code_of(answer_to(c, i % 2 ? "{}" : R"({"id":"u","type":"x"})"))
          != "");
  c.send_text("not json");
  std::vector<json> frames;
  CHECK(c.read_until_closed(&frames) == 1008);
  REQUIRE(frames.size() == 2);
  CHECK(frames[0]["code"] == "bad_request");
  CHECK(frames[1] == json{{"type", "closing"}, {"reason", "protocol_error"}});
}

TEST_CASE("a good frame resets the bad frame count") {
  node_process node{{"--limits.max_bad_frames=2"}};
  ws_client c{node.port()};
  for (int round = 0; round < 5; ++round) {
    answer_to(c, "[]");
    answer_to(c, "[]");
    ok_data(c.call("ping"));
  }
  // Errors that are not bad frames do not count either.
  for (int i = 0; i < 5; ++i)
    error_code_of(c.call("token"));
  CHECK(ok_data(c.call("ping"))["time"].is_number());
}

TEST_CASE("a frame of max_frame_bytes is answered, one byte more closes "
          "with 1009") {
  node_process node;
  ws_client c{node.port()};
  auto exact = ping_of_size(65536);
  REQUIRE(exact.size() == 65536);
  CHECK(c.request(json::parse(exact))["type"] == "ok");
  c.send_text(ping_of_size(65537));
  CHECK(c.read_until_closed() == 1009);
}

TEST_CASE("a binary frame closes with 1003") {
  node_process node;
  ws_client c{node.port()};
  c.send_binary(R"({"id":"1","type":"ping"})");
  CHECK(c.read_until_closed() == 1003);
}

TEST_CASE("invalid UTF-8 in a text frame closes with 1007") {
  node_process node;
  ws_client c{node.port()};
  c.send_text("{\"id\":\"1\",\"type\":\"ping\",\"x\":\"\xC3\x28\"}");
  CHECK(c.read_until_closed() == 1007);
}

TEST_CASE("a client that vanishes without a close leaves the node serving") {
  node_process node;
  {
    auto alice = logged_in(node.port(), "alice");
    alice.send_json({{"id", "1"}, {"type", "ping"}});
    alice.drop();
  }
  ws_client c{node.port()};
  ok_data(c.login("alice", "correct horse"));
  CHECK(ok_data(c.call("ping"))["time"].is_number());
}
