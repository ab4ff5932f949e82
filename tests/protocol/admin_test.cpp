// The admin API's bodies and key check, and the `system` push.

#include "protocol/admin.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "protocol/encoder.hpp"

using namespace troupe::protocol;
using json = nlohmann::json;

namespace {

template <class T>
error_code code_of(const std::variant<T, decode_error>& r) {
  REQUIRE(std::holds_alternative<decode_error>(r));
  return std::get<decode_error>(r).code;
}

} // namespace

TEST_CASE("a system message body needs a username and a text of limited "
          "length") {
  limits lim;
  lim.max_text_chars = 5;
  auto ok = decode_admin_system_message(
    R"({"username":"alice","body":"héllo"})", lim);
  REQUIRE(std::holds_alternative<admin_system_message>(ok));
  CHECK(std::get<admin_system_message>(ok).username == "alice");
  CHECK(std::get<admin_system_message>(ok).body == "héllo");
  CHECK(code_of(decode_admin_system_message(R"({"username":"alice"})", lim))
        == error_code::bad_request);
  CHECK(code_of(
          decode_admin_system_message(R"({"username":"alice","body":""})", lim))
        == error_code::bad_request);
  CHECK(code_of(decode_admin_system_message(
          R"({"username":"alice","body":"toolong"})", lim))
        == error_code::too_long);
  CHECK(
    code_of(decode_admin_system_message(R"({"username":1,"body":"x"})", lim))
    == error_code::bad_request);
  CHECK(code_of(decode_admin_system_message("[1]", lim))
        == error_code::bad_request);
}

TEST_CASE("a friendship body names two users") {
  limits lim;
  auto ok = decode_admin_friendship(R"({"a":"alice","b":"bob"})", lim);
  REQUIRE(std::holds_alternative<admin_friendship>(ok));
  CHECK(std::get<admin_friendship>(ok).a == "alice");
  CHECK(std::get<admin_friendship>(ok).b == "bob");
  CHECK(code_of(decode_admin_friendship(R"({"a":"alice"})", lim))
        == error_code::bad_request);
  CHECK(code_of(decode_admin_friendship("not json", lim))
        == error_code::bad_request);
}

TEST_CASE("the admin key matches only itself, and nothing when unset") {
  CHECK(admin_key_matches("s3cret", "s3cret"));
  CHECK_FALSE(admin_key_matches("s3cret", "s3cre"));
  CHECK_FALSE(admin_key_matches("s3cret", "s3cret "));
  CHECK_FALSE(admin_key_matches("s3cret", "S3cret"));
  CHECK_FALSE(admin_key_matches("s3cret", ""));
  CHECK_FALSE(admin_key_matches("", ""));
}

TEST_CASE("the system push carries its id, body and time") {
  auto push = json::parse(encode_system_push(42, "\"hi\" ✓", 1700));
  CHECK(push
        == json{
          {"type", "system"}, {"id", 42}, {"body", "\"hi\" ✓"}, {"ts", 1700}});
}
