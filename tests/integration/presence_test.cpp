// Presence over real sockets: pushes to online friends when a user comes
// and goes, location, and the presence command.

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;

TEST_CASE("friends hear when a user comes online and goes offline") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  {
    auto bob = logged_in(node.port(), "bob");
    make_friends(alice, "alice", bob, "bob");
    bob.call("logout");
  }
  auto offline = alice.next_push("presence");
  CHECK(offline
        == json{{"type", "presence"},
                {"username", "bob"},
                {"online", false},
                {"location", nullptr}});
  auto bob = logged_in_again(node.port(), "bob");
  auto online = alice.next_push("presence");
  CHECK(online["username"] == "bob");
  CHECK(online["online"] == true);
  bob.drop(); // a vanished socket counts too
  CHECK(alice.next_push("presence")["online"] == false);
}

TEST_CASE("a replaced session is no change of presence") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  make_friends(alice, "alice", bob, "bob");
  auto bob_again = logged_in_again(node.port(), "bob");
  bob.read_until_closed();
  // The next presence alice hears is bob's location, not a login or logout.
  ok_data(bob_again.call("set_location", {{"lat", 48.2}, {"lon", 16.37}}));
  auto push = alice.next_push("presence");
  CHECK(push["online"] == true);
  CHECK(push["location"] == json{{"lat", 48.2}, {"lon", 16.37}});
}

TEST_CASE("presence answers friends and oneself only") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  auto bob = logged_in(node.port(), "bob");
  auto carol = logged_in(node.port(), "carol");
  make_friends(alice, "alice", bob, "bob");
  ok_data(bob.call("set_location", {{"lat", -33.9}, {"lon", 151.2}}));
  auto of_bob = ok_data(alice.call("presence", {{"username", "bob"}}));
  CHECK(of_bob["online"] == true);
  CHECK(of_bob["location"] == json{{"lat", -33.9}, {"lon", 151.2}});
  CHECK(of_bob["last_seen"].get<std::int64_t>() > 0);
  auto of_self = ok_data(alice.call("presence", {{"username", "alice"}}));
  CHECK(of_self["online"] == true);
  CHECK(of_self["location"] == nullptr);
  CHECK(error_code_of(alice.call("presence", {{"username", "carol"}}))
        == "not_friends");
  CHECK(error_code_of(alice.call("presence", {{"username", "nobody"}}))
        == "not_friends");
  carol.call("logout");
  bob.call("logout");
  auto after = ok_data(alice.call("presence", {{"username", "bob"}}));
  CHECK(after["online"] == false);
  CHECK(after["last_seen"].get<std::int64_t>()
        >= of_bob["last_seen"].get<std::int64_t>());
}

TEST_CASE("set_location checks its range") {
  node_process node;
  auto alice = logged_in(node.port(), "alice");
  for (auto params :
       {json{{"lat", 91}, {"lon", 0}}, json{{"lat", 0}, {"lon", -180.5}},
        json{{"lat", "north"}, {"lon", 0}}, json{{"lat", 1}}})
    CHECK(error_code_of(alice.call("set_location", params)) == "bad_request");
  ok_data(alice.call("set_location", {{"lat", -90}, {"lon", 180}}));
}
