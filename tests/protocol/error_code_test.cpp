// Wire names and default texts of the error codes (PROTOCOL.md section 7).

#include "protocol/error_code.hpp"

#include <iterator>
#include <set>
#include <string>

#include <doctest/doctest.h>

using namespace troupe::protocol;

namespace {

struct named_code {
  error_code code;
  const char* name;
};

// Every code of PROTOCOL.md section 7, in its order, spelled out literally so
// that a renamed or reordered entry in error_code.cpp shows up here.
constexpr named_code all_codes[] = {
  {error_code::bad_request, "bad_request"},
  {error_code::unknown_type, "unknown_type"},
  {error_code::not_authenticated, "not_authenticated"},
  {error_code::auth_failed, "auth_failed"},
  {error_code::invalid_username, "invalid_username"},
  {error_code::weak_password, "weak_password"},
  {error_code::username_taken, "username_taken"},
  {error_code::no_such_user, "no_such_user"},
  {error_code::cannot_friend_self, "cannot_friend_self"},
  {error_code::already_friends, "already_friends"},
  {error_code::already_requested, "already_requested"},
  {error_code::no_such_request, "no_such_request"},
  {error_code::not_friends, "not_friends"},
  {error_code::too_long, "too_long"},
  {error_code::no_such_file, "no_such_file"},
  {error_code::no_such_group, "no_such_group"},
  {error_code::not_member, "not_member"},
  {error_code::already_member, "already_member"},
  {error_code::forbidden, "forbidden"},
  {error_code::group_muted, "group_muted"},
  {error_code::group_dissolved, "group_dissolved"},
  {error_code::owner_cannot_leave, "owner_cannot_leave"},
  {error_code::group_full, "group_full"},
  {error_code::rate_limited, "rate_limited"},
  {error_code::unavailable, "unavailable"},
  {error_code::internal, "internal"},
};

} // namespace

TEST_CASE("the error code list has the 26 codes of PROTOCOL.md") {
  std::set<int> values;
  std::set<std::string> names;
  for (auto& [code, name] : all_codes) {
    values.insert(static_cast<int>(code));
    names.insert(name);
  }
  CHECK(std::size(all_codes) == 26);
  CHECK(values.size() == 26);
  CHECK(names.size() == 26);
}

TEST_CASE("to_string returns the wire name of every error code") {
  for (auto& [code, name] : all_codes) {
    INFO(name);
    CHECK(to_string(code) == name);
  }
}

TEST_CASE("error_code_from_string finds every wire name") {
  for (auto& [code, name] : all_codes) {
    INFO(name);
    auto parsed = error_code_from_string(name);
    REQUIRE(parsed.has_value());
    CHECK(*parsed == code);
    CHECK(to_string(*parsed) == name);
  }
}

TEST_CASE("error_code_from_string rejects names that are not codes") {
  for (auto name : {"", "BAD_REQUEST", "Bad_Request", "bad_request ",
                    " bad_request", "bad-request", "badrequest", "ok", "error",
                    "internal_error", "not_found", "bad_reques"}) {
    INFO(name);
    CHECK_FALSE(error_code_from_string(name).has_value());
  }
}

TEST_CASE("default_message is a non-empty text for every error code") {
  for (auto& [code, name] : all_codes) {
    INFO(name);
    auto text = default_message(code);
    CHECK_FALSE(text.empty());
    // A human text, not the wire name again.
    CHECK(text != name);
  }
}

TEST_CASE("counts_as_bad_frame is true exactly for bad_request and "
          "unknown_type") {
  for (auto& [code, name] : all_codes) {
    INFO(name);
    auto expected
      = code == error_code::bad_request || code == error_code::unknown_type;
    CHECK(counts_as_bad_frame(code) == expected);
  }
  static_assert(counts_as_bad_frame(error_code::bad_request));
  static_assert(counts_as_bad_frame(error_code::unknown_type));
  static_assert(!counts_as_bad_frame(error_code::not_authenticated));
}
