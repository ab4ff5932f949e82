// Files: upload with a token, download by the uploader and by those who
// received the file in a message, nobody else.

#include <random>

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;

namespace {

std::string token_of(ws_client& c) {
  return ok_data(c.call("token"))["token"];
}

http_result upload(const node_process& node, const std::string& token,
                   const std::string& bytes,
                   const std::string& type = "image/png") {
  return http_call(node.port(), "POST", "/api/files", bytes,
                   {{"Authorization", "Bearer " + token},
                    {"Content-Type", type}});
}

http_result download(const node_process& node, const std::string& token,
                     std::int64_t file_id) {
  return http_call(node.port(), "GET",
                   "/api/files/" + std::to_string(file_id), {},
                   {{"Authorization", "Bearer " + token}});
}

std::string random_bytes(std::size_t n) {
  std::mt19937 gen{42};
  std::string out(n, '\0');
  for (auto& c : out)
    c = static_cast<char>(gen() & 0xFF);
  return out;
}

} // namespace

TEST_CASE("an upload is stored and the uploader can download it") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto bytes = random_bytes(300'000);
  auto res = upload(node, token_of(alice), bytes);
  REQUIRE(res.status == 201);
  auto file_id = res.body_json()["file_id"].get<std::int64_t>();
  CHECK(file_id > 0);
  CHECK(res.body_json()["size"] == bytes.size());
  auto got = download(node, token_of(alice), file_id);
  CHECK(got.status == 200);
  CHECK(got.content_type == "image/png");
  CHECK(got.body == bytes);
}

TEST_CASE("a file sent in a message can be downloaded by its recipient "
          "only") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  auto carol = logged_in(node.port(), "carol");
  make_friends(alice, "alice", bob, "bob");
  auto file_id = upload(node, token_of(alice), "hello file",
                        "text/plain")
                   .body_json()["file_id"]
                   .get<std::int64_t>();
  CHECK(download(node, token_of(bob), file_id).status == 404);
  auto sent = ok_data(alice.call("send", {{"to", "bob"},
                                          {"kind", "file"},
                                          {"body", std::to_string(file_id)}}));
  auto push = bob.next_push("message");
  CHECK(push["kind"] == "file");
  CHECK(push["body"] == std::to_string(file_id));
  auto got = download(node, token_of(bob), file_id);
  CHECK(got.status == 200);
  CHECK(got.body == "hello file");
  CHECK(got.content_type == "text/plain");
  CHECK(download(node, token_of(carol), file_id).status == 404);
  // Bob may send it on: he can read it.
  make_friends(bob, "bob", carol, "carol");
  ok_data(bob.call("send", {{"to", "carol"},
                            {"kind", "image"},
                            {"body", file_id}}));
  CHECK(download(node, token_of(carol), file_id).status == 200);
  // Carol never had this one.
  auto alices_own = upload(node, token_of(alice), "secret")
                      .body_json()["file_id"]
                      .get<std::int64_t>();
  CHECK(error_code_of(carol.call("send", {{"to", "bob"},
                                          {"kind", "file"},
                                          {"body", alices_own}}))
        == "no_such_file");
}

TEST_CASE("uploads and downloads need a valid token") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  CHECK(http_call(node.port(), "POST", "/api/files", "x").status == 401);
  CHECK(upload(node, "not-a-token", "x").status == 401);
  auto file_id = upload(node, token_of(alice), "x")
                   .body_json()["file_id"]
                   .get<std::int64_t>();
  CHECK(http_call(node.port(), "GET", "/api/files/" + std::to_string(file_id))
          .status
        == 401);
  CHECK(download(node, token_of(alice), 123456789).status == 404);
  CHECK(http_call(node.port(), "GET", "/api/files/abc", {},
                  {{"Authorization", "Bearer " + token_of(alice)}})
          .status
        == 404);
}

TEST_CASE("an upload over limits.max_file_bytes answers 413") {
  node_process node{{"--limits.max_file_bytes=1000"}};
  auto alice = logged_in(node.port(), "alice");
  CHECK(upload(node, token_of(alice), std::string(1000, 'x')).status == 201);
  auto res = upload(node, token_of(alice), std::string(1001, 'x'));
  CHECK(res.status == 413);
  CHECK(res.body_json()["code"] == "too_long");
}

TEST_CASE("an 8 MiB binary file round-trips") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto bytes = random_bytes(8 * 1024 * 1024);
  auto res = upload(node, token_of(alice), bytes, "application/octet-stream");
  REQUIRE(res.status == 201);
  auto got = download(node, token_of(alice),
                      res.body_json()["file_id"].get<std::int64_t>());
  CHECK(got.status == 200);
  CHECK(got.body.size() == bytes.size());
  CHECK(got.body == bytes);
}
