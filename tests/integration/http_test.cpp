// The HTTP API on the WebSocket port: register, token, healthz, and the
// upgrade rules of /ws.

#include <chrono>

#include "protocol/token.hpp"
#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe;
using namespace troupe::test;

namespace {

// The secret node_process gives every node.
const protocol::token_signer signer{"integration-test-secret"};

/// POSTs `body` to `path`; `from` chooses the client's source address.
http_result post(const node_process& node, const std::string& path,
                 const json& body, const std::string& from = {}) {
  return http_call(node.port(), "POST", path, body.dump(),
                   {{"Content-Type", "application/json"}}, from);
}

} // namespace

TEST_CASE("POST /api/register answers 201 with the user id") {
  node_process node;
  auto res = post(node, "/api/register",
                  {{"username", "alice"}, {"password", "correct horse"}});
  CHECK(res.status == 201);
  CHECK(res.body_json()["user_id"].get<std::int64_t>() > 0);
  CHECK(res.content_type == "application/json");
}

TEST_CASE("POST /api/register answers 400 and 409 with a code") {
  node_process node;
  auto bad_name = post(node, "/api/register",
                       {{"username", "A"}, {"password", "correct horse"}});
  CHECK(bad_name.status == 400);
  CHECK(bad_name.body_json()["code"] == "invalid_username");
  auto weak = post(node, "/api/register",
                   {{"username", "alice"}, {"password", "short"}});
  CHECK(weak.status == 400);
  CHECK(weak.body_json()["code"] == "weak_password");
  auto not_json = http_call(node.port(), "POST", "/api/register", "{oops");
  CHECK(not_json.status == 400);
  CHECK(not_json.body_json()["code"] == "bad_request");
  post(node, "/api/register",
       {{"username", "alice"}, {"password", "correct horse"}});
  auto taken = post(node, "/api/register",
                    {{"username", "alice"}, {"password", "correct horse"}});
  CHECK(taken.status == 409);
  CHECK(taken.body_json()["code"] == "username_taken");
}

TEST_CASE("POST /api/token answers a token that opens /ws?token=") {
  node_process node;
  post(node, "/api/register",
       {{"username", "alice"}, {"password", "correct horse"}});
  auto res = post(node, "/api/token",
                  {{"username", "alice"}, {"password", "correct horse"}});
  REQUIRE(res.status == 200);
  auto body = res.body_json();
  CHECK(body["expires_in"] == 120);
  ws_client c{node.port(), "/ws?token=" + body["token"].get<std::string>()};
  auto welcome = c.next_push();
  CHECK(welcome["type"] == "welcome");
  CHECK(welcome["username"] == "alice");
}

TEST_CASE("POST /api/token answers 401 and 429") {
  node_process node{{"--auth.login_failure_limit=2"}};
  post(node, "/api/register",
       {{"username", "alice"}, {"password", "correct horse"}});
  for (int i = 0; i < 2; ++i) {
    auto res = post(node, "/api/token",
                    {{"username", "alice"}, {"password", "wrong password"}});
    CHECK(res.status == 401);
    CHECK(res.body_json()["code"] == "auth_failed");
  }
  auto unknown = post(node, "/api/token",
                      {{"username", "nobody"}, {"password", "correct horse"}});
  CHECK(unknown.status == 401);
  auto limited = post(node, "/api/token",
                      {{"username", "alice"}, {"password", "correct horse"}});
  CHECK(limited.status == 429);
  CHECK(limited.body_json()["code"] == "rate_limited");
}

TEST_CASE("POST /api/token: wrong passwords from another address do not "
          "stop the user's own token") {
  node_process node{{"--auth.login_failure_limit=2"}};
  post(node, "/api/register",
       {{"username", "alice"}, {"password", "correct horse"}});
  json guess{{"username", "alice"}, {"password", "wrong password"}};
  CHECK(post(node, "/api/token", guess, "127.0.0.2").status == 401);
  CHECK(post(node, "/api/token", guess, "127.0.0.2").status == 401);
  for (int i = 0; i < 10; ++i)
    CHECK(post(node, "/api/token", guess, "127.0.0.2").status == 429);
  json right{{"username", "alice"}, {"password", "correct horse"}};
  CHECK(post(node, "/api/token", right, "127.0.0.2").status == 429);
  CHECK(post(node, "/api/token", right, "127.0.0.1").status == 200);
}

TEST_CASE("POST /api/register past the registrations per address and "
          "minute answers 503 unavailable") {
  node_process node{{"--auth.registrations_per_minute=2"}};
  auto signup = [&](const std::string& name, const std::string& from) {
    return post(node, "/api/register",
                {{"username", name}, {"password", "correct horse"}}, from);
  };
  CHECK(signup("user1", "127.0.0.3").status == 201);
  CHECK(signup("user2", "127.0.0.3").status == 201);
  auto refused = signup("user3", "127.0.0.3");
  CHECK(refused.status == 503);
  CHECK(refused.body_json()["code"] == "unavailable");
  CHECK(refused.body_json()["message"].get<std::string>().find(
          "too many registrations")
        != std::string::npos);
  // Nothing was stored: the name is free, from another address.
  CHECK(signup("user3", "127.0.0.1").status == 201);
}

TEST_CASE("the upgrade is refused with 401 for a bad, forged or expired "
          "token") {
  node_process node;
  auto now = std::chrono::system_clock::now();
  auto expired = signer.issue({1, "alice"}, now - std::chrono::seconds{1});
  auto forged = protocol::token_signer{"another secret"}.issue(
    {1, "alice"}, now + std::chrono::minutes{5});
  auto good = signer.issue({1, "alice"}, now + std::chrono::minutes{5});
  auto tampered = good;
  tampered[tampered.size() / 3]
    = tampered[tampered.size() / 3] == 'A' ? 'B' : 'A';
  for (auto& token :
       {std::string{"garbage"}, std::string{}, expired, forged, tampered}) {
    INFO(token);
    auto refused = ws_client::try_refused(node.port(), "/ws?token=" + token);
    REQUIRE(refused);
    CHECK(refused->status == 401);
    CHECK(json::parse(refused->body)["code"] == "auth_failed");
  }
  // The same token, untouched, is accepted: the refusals were the token's.
  ws_client c{node.port(), "/ws?token=" + good};
  CHECK(c.next_push()["type"] == "welcome");
}

TEST_CASE("GET /healthz answers 200 while storage is reachable") {
  node_process node;
  auto res = http_call(node.port(), "GET", "/healthz");
  CHECK(res.status == 200);
  CHECK(res.body_json() == json{{"status", "ok"}});
}

TEST_CASE("unknown paths, wrong methods and oversized bodies are refused") {
  node_process node{{"--limits.max_http_body_bytes=1024"}};
  CHECK(http_call(node.port(), "GET", "/nope").status == 404);
  CHECK(http_call(node.port(), "GET", "/api/register").status == 405);
  auto big
    = http_call(node.port(), "POST", "/api/register", std::string(2000, ' '));
  CHECK(big.status == 413);
  CHECK(big.body_json()["code"] == "too_long");
  auto refused = ws_client::try_refused(node.port(), "/elsewhere");
  REQUIRE(refused);
  CHECK(refused->status == 404);
  // The node still serves after all that.
  CHECK(http_call(node.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("behind a trusted proxy the login limits count the client the proxy "
          "names, and nobody else's X-Forwarded-For is believed") {
  node_process node{{"--net.trusted_proxies=127.0.0.1",
                     "--auth.login_failure_limit=3",
                     "--auth.address_failure_limit=5"}};
  REQUIRE(post(node, "/api/register",
               {{"username", "alice"}, {"password", "correct horse"}})
            .status
          == 201);
  auto token = [&](const std::string& password, const std::string& client,
                   const std::string& from) {
    return http_call(node.port(), "POST", "/api/token",
                     json{{"username", "alice"}, {"password", password}}.dump(),
                     {{"X-Forwarded-For", client}}, from)
      .status;
  };
  // A stranger behind the proxy guesses until refused...
  for (int i = 0; i < 3; ++i)
    CHECK(token("guess", "203.0.113.9", "127.0.0.1") == 401);
  CHECK(token("guess", "203.0.113.9", "127.0.0.1") == 429);
  // ...while alice, behind the same proxy, logs in.
  CHECK(token("correct horse", "198.51.100.4", "127.0.0.1") == 200);
  // A client that is no trusted proxy cannot pass as many clients.
  for (int i = 0; i < 5; ++i)
    token("guess", "192.0.2." + std::to_string(i), "127.0.0.2");
  CHECK(token("correct horse", "192.0.2.99", "127.0.0.2") == 429);
}
