// The web client that the node serves at / (apps/web/, built into the
// binary): the page, its assets with their types, and 404 for the rest.

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe;
using namespace troupe::test;

TEST_CASE("GET / answers the web client's page as HTML") {
  node_process node;
  auto res = http_call(node.port(), "GET", "/");
  CHECK(res.status == 200);
  CHECK(res.content_type == "text/html; charset=utf-8");
  CHECK(res.body.find("<!doctype html>") == 0);
  CHECK(res.body.find("js/app.js") != std::string::npos);
  CHECK(http_call(node.port(), "GET", "/index.html").body == res.body);
}

TEST_CASE("the page's scripts and styles come with their types") {
  node_process node;
  auto script = http_call(node.port(), "GET", "/js/app.js");
  CHECK(script.status == 200);
  CHECK(script.content_type == "text/javascript; charset=utf-8");
  CHECK(script.body.find("import") != std::string::npos);
  auto style = http_call(node.port(), "GET", "/style.css");
  CHECK(style.status == 200);
  CHECK(style.content_type == "text/css; charset=utf-8");
}

TEST_CASE("an unknown path still answers 404, and POST / is no page") {
  node_process node;
  auto missing = http_call(node.port(), "GET", "/nope.html");
  CHECK(missing.status == 404);
  CHECK(missing.body_json()["code"] == "unknown_type");
  CHECK(http_call(node.port(), "GET", "/js/").status == 404);
  CHECK(http_call(node.port(), "POST", "/", "x").status == 404);
}
