#include "net/http_message.hpp"

#include <doctest/doctest.h>

using troupe::net::http_request;

namespace {

http_request request_for(std::string target) {
  http_request req;
  req.method = "GET";
  req.target = std::move(target);
  req.headers = {{"x-admin-key", "k1"}, {"content-type", "text/plain"}};
  return req;
}

} // namespace

TEST_CASE("path drops the query") {
  CHECK(request_for("/ws?token=abc").path() == "/ws");
  CHECK(request_for("/healthz").path() == "/healthz");
  CHECK(request_for("/").path() == "/");
}

TEST_CASE("query_param finds a parameter and percent-decodes it") {
  auto req = request_for("/ws?a=1&token=x%2By%3D&b=%zz+q");
  CHECK(req.query_param("token") == "x+y=");
  CHECK(req.query_param("a") == "1");
  // Broken escapes stay as they are; '+' is a space.
  CHECK(req.query_param("b") == "%zz q");
}

TEST_CASE("query_param tells an empty parameter from a missing one") {
  auto req = request_for("/ws?token=&flag");
  CHECK(req.query_param("token") == std::string{});
  CHECK(req.query_param("flag") == std::string{});
  CHECK(!req.query_param("other"));
  CHECK(!request_for("/ws").query_param("token"));
  CHECK(!request_for("/ws?xtoken=1").query_param("token"));
}

TEST_CASE("header looks up lowercase names") {
  auto req = request_for("/");
  CHECK(req.header("x-admin-key") == "k1");
  CHECK(req.header("content-type") == "text/plain");
  CHECK(req.header("authorization").empty());
}
