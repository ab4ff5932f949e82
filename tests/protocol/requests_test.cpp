// Wire names of message kinds (PROTOCOL.md section 3) and of friendship
// changes in `friend_update` pushes (section 4).

#include "protocol/requests.hpp"

#include <optional>
#include <string>

#include <doctest/doctest.h>

#include "protocol/payloads.hpp"

using namespace troupe::protocol;

namespace {

struct named_kind {
  message_kind kind;
  const char* name;
};

constexpr named_kind all_kinds[] = {{message_kind::text, "text"},
                                    {message_kind::image, "image"},
                                    {message_kind::file, "file"}};

} // namespace

// -- message_kind -------------------------------------------------------------

TEST_CASE("message kinds have their wire names") {
  for (auto& [kind, name] : all_kinds) {
    INFO(std::string{name});
    CHECK(to_string(kind) == name);
  }
}

TEST_CASE("message_kind_from_string reads every wire name") {
  for (auto& [kind, name] : all_kinds) {
    INFO(std::string{name});
    auto parsed = message_kind_from_string(name);
    REQUIRE(parsed.has_value());
    CHECK(*parsed == kind);
    CHECK(to_string(*parsed) == name);
  }
}

TEST_CASE("message_kind_from_string knows no other name") {
  for (auto name : {"", "Text", "TEXT", "IMAGE", "File", "text ", " text",
                    "images", "files", "img", "video", "audio", "message"}) {
    INFO("name: '" << std::string{name} << "'");
    CHECK_FALSE(message_kind_from_string(name).has_value());
  }
  CHECK_FALSE(message_kind_from_string(std::string("text\0", 5)).has_value());
}

// -- friend_change ------------------------------------------------------------

TEST_CASE("friendship changes have their wire names") {
  CHECK(to_string(friend_change::accepted) == "accepted");
  CHECK(to_string(friend_change::rejected) == "rejected");
  CHECK(to_string(friend_change::removed) == "removed");
}
