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
  return http_call(
    node.port(), "POST", "/api/files", bytes,
    {{"Authorization", "Bearer " + token}, {"Content-Type", type}});
}

http_result download(const node_process& node, const std::string& token,
                     std::int64_t file_id) {
  return http_call(node.port(), "GET", "/api/files/" + std::to_string(file_id),
                   {}, {{"Authorization", "Bearer " + token}});
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
  auto file_id = upload(node, token_of(alice), "hello file", "text/plain")
                   .body_json()["file_id"]
                   .get<std::int64_t>();
  CHECK(download(node, token_of(bob), file_id).status == 404);
  auto sent = ok_data(alice.call(
    "send",
    {{"to", "bob"}, {"kind", "file"}, {"body", std::to_string(file_id)}}));
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
  ok_data(
    bob.call("send", {{"to", "carol"}, {"kind", "image"}, {"body", file_id}}));
  CHECK(download(node, token_of(carol), file_id).status == 200);
  // Carol never had this one.
  auto alices_own = upload(node, token_of(alice), "secret")
                      .body_json()["file_id"]
                      .get<std::int64_t>();
  CHECK(error_code_of(carol.call(
          "send", {{"to", "bob"}, {"kind", "file"}, {"body", alices_own}}))
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

// -- what is decided from the header alone ------------------------------------

namespace {

/// Returns the header of an upload of `length` bytes, up to its blank line.
std::string upload_head(const std::string& token, const std::string& length,
                        const std::string& extra = {}) {
  return "POST /api/files HTTP/1.1\r\nHost: 127.0.0.1\r\n"
         "Authorization: Bearer "
         + token + "\r\nContent-Type: application/octet-stream\r\n" + length
         + "\r\n" + extra + "\r\n";
}

std::string content_length(std::size_t n) {
  return "Content-Length: " + std::to_string(n);
}

} // namespace

TEST_CASE("an upload with a missing or bad token is answered 401 before its "
          "body is sent") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto good = token_of(alice);
  auto tampered = good;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  for (auto& token : {std::string{"not-a-token"}, std::string{}, tampered}) {
    INFO(token);
    raw_connection conn{node.port()};
    // The header of an 8 MiB upload, and nothing of its body: the answer
    // comes without it, and the node closes the connection.
    conn.send(upload_head(token, content_length(8 * 1024 * 1024)));
    auto answer = conn.read_to_end();
    CHECK(answer.rfind("HTTP/1.1 401 ", 0) == 0);
    CHECK(answer.find("Connection: close\r\n") != std::string::npos);
    CHECK(answer.find(R"("code":"auth_failed")") != std::string::npos);
  }
}

TEST_CASE("a client that sends a refused upload's body in full still reads "
          "the 401") {
  node_process node;
  // The node drops the body it refused instead of resetting the
  // connection under the client's feet.
  auto res = upload(node, "not-a-token", random_bytes(8 * 1024 * 1024));
  CHECK(res.status == 401);
  CHECK(res.body_json()["code"] == "auth_failed");
}

TEST_CASE("Expect: 100-continue is answered 100 once the header is "
          "admitted, and with the refusal instead otherwise") {
  node_process node{
    {"--limits.max_file_bytes=1000", "--limits.user_file_quota=1500"}};
  auto alice = logged_in(node.port(), "alice");
  auto token = token_of(alice);
  const std::string expect = "Expect: 100-continue\r\n";
  SUBCASE("admitted: 100, then the body, then 201") {
    raw_connection conn{node.port()};
    conn.send(upload_head(token, content_length(5), expect));
    CHECK(conn.read_until("\r\n\r\n") == "HTTP/1.1 100 Continue\r\n\r\n");
    conn.send("hello");
    CHECK(conn.read_until("\r\n\r\n").rfind("HTTP/1.1 201 ", 0) == 0);
  }
  SUBCASE("a bad token: 401 and no 100") {
    raw_connection conn{node.port()};
    conn.send(upload_head("not-a-token", content_length(5), expect));
    auto answer = conn.read_to_end();
    CHECK(answer.rfind("HTTP/1.1 401 ", 0) == 0);
    CHECK(answer.find("100 Continue") == std::string::npos);
  }
  SUBCASE("over limits.max_file_bytes: 413 and no 100") {
    raw_connection conn{node.port()};
    conn.send(upload_head(token, content_length(1001), expect));
    auto answer = conn.read_to_end();
    CHECK(answer.rfind("HTTP/1.1 413 ", 0) == 0);
    CHECK(answer.find("100 Continue") == std::string::npos);
  }
  SUBCASE("over the user's file quota: 413 and no 100") {
    REQUIRE(upload(node, token, std::string(1000, 'x')).status == 201);
    raw_connection conn{node.port()};
    conn.send(upload_head(token, content_length(501), expect));
    auto answer = conn.read_to_end();
    CHECK(answer.rfind("HTTP/1.1 413 ", 0) == 0);
    CHECK(answer.find("file quota exceeded") != std::string::npos);
    CHECK(answer.find("100 Continue") == std::string::npos);
  }
}

// -- downloads ----------------------------------------------------------------

TEST_CASE("a download may not run in the node's origin: nosniff, a "
          "sandboxing CSP, and an attachment unless it is a raster image") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto token = token_of(alice);
  struct served {
    std::string type;
    std::string disposition;
  };
  for (auto& [type, disposition] :
       {served{"text/html", "attachment"},
        served{"image/svg+xml", "attachment"},
        served{"application/octet-stream", "attachment"},
        served{"text/plain; charset=utf-8", "attachment"},
        served{"image/png", "inline"}, served{"image/jpeg", "inline"},
        served{"image/gif", "inline"}, served{"image/webp", "inline"}}) {
    INFO(type);
    auto stored = upload(node, token, "<script>alert(1)</script>", type);
    REQUIRE(stored.status == 201);
    auto got = download(node, token,
                        stored.body_json()["file_id"].get<std::int64_t>());
    CHECK(got.status == 200);
    CHECK(got.content_type == type);
    CHECK(got.header("x-content-type-options") == "nosniff");
    CHECK(got.header("content-security-policy")
          == "default-src 'none'; sandbox");
    CHECK(got.header("content-disposition") == disposition);
  }
}

// -- the file quota -----------------------------------------------------------

TEST_CASE("limits.user_file_quota bounds the bytes one user stores: 413 "
          "too_long past it") {
  node_process node{{"--limits.user_file_quota=1000"}};
  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  auto token = token_of(alice);
  CHECK(upload(node, token, std::string(600, 'a')).status == 201);
  auto over = upload(node, token, std::string(401, 'b'));
  CHECK(over.status == 413);
  CHECK(over.body_json()
        == json{{"code", "too_long"}, {"message", "file quota exceeded"}});
  // What fits exactly is taken; then nothing but empty files.
  CHECK(upload(node, token, std::string(400, 'c')).status == 201);
  CHECK(upload(node, token, "d").status == 413);
  CHECK(upload(node, token, "").status == 201);
  // The quota is each user's own.
  CHECK(upload(node, token_of(bob), std::string(1000, 'e')).status == 201);

  SUBCASE("a declared size past the quota is refused before the body") {
    raw_connection conn{node.port()};
    conn.send(upload_head(token, content_length(1)));
    auto answer = conn.read_to_end();
    CHECK(answer.rfind("HTTP/1.1 413 ", 0) == 0);
    CHECK(answer.find("file quota exceeded") != std::string::npos);
  }
  SUBCASE("a body of unknown size is checked once it is read") {
    raw_connection conn{node.port()};
    conn.send(upload_head(token, "Transfer-Encoding: chunked")
              + "1\r\nx\r\n0\r\n\r\n");
    auto answer = conn.read_until("\r\n\r\n");
    CHECK(answer.rfind("HTTP/1.1 413 ", 0) == 0);
  }
}
