// The rules of friendship and the pushes they store, on both backends.

#include "domain/friends.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/domain/domain_fixture.hpp"

using namespace troupe;
using troupe::test::domain_store;
using troupe::test::outcome;

namespace {

/// alice, bob and carol; nobody is friends.
struct three_users : domain_store {
  three_users() {
    alice = add_user("alice");
    bob = add_user("bob");
    carol = add_user("carol");
  }

  /// `from` asks `to`, with at most `max_pending` pending requests.
  domain::result<domain::friend_request_outcome>
  ask(protocol::user_id from, const std::string& from_name,
      const std::string& to_name, std::size_t max_pending = 100) {
    return domain::request_friend(*db, ids, now, from, from_name, to_name,
                                  "hello", max_pending);
  }

  /// Returns the names on the other side of `uid`'s pending requests.
  std::vector<std::string> pending_of(protocol::user_id uid) {
    auto rows = domain::list_friend_requests(*db, uid);
    REQUIRE(outcome(rows) == "ok");
    std::vector<std::string> out;
    for (auto& r : *rows)
      out.push_back(r.from_id == uid ? r.to_name : r.from_name);
    return out;
  }

  protocol::user_id alice = 0;
  protocol::user_id bob = 0;
  protocol::user_id carol = 0;
};

} // namespace

// -- request_friend -----------------------------------------------------------

TEST_CASE_FIXTURE(three_users, "request_friend stores the request and a "
                               "friend_request push for its recipient") {
  auto asked = ask(alice, "alice", "bob");
  REQUIRE(outcome(asked) == "ok");
  CHECK_FALSE(asked->accepted);
  CHECK(asked->other == bob);
  CHECK(asked->request_id > 0);
  auto pushes = pushes_of(bob);
  REQUIRE(pushes.size() == 1);
  CHECK(pushes[0]["type"] == "friend_request");
  CHECK(pushes[0]["id"] == asked->push.push_id);
  CHECK(pushes[0]["request_id"] == asked->request_id);
  CHECK(pushes[0]["from"] == "alice");
  CHECK(pushes[0]["note"] == "hello");
  CHECK(pushes[0]["ts"] == now);
  CHECK(nlohmann::json::parse(asked->push.payload) == pushes[0]);
  CHECK(pushes_of(alice).empty());
  CHECK(pending_of(bob) == std::vector<std::string>{"alice"});
}

TEST_CASE_FIXTURE(three_users, "request_friend refuses an unknown user, "
                               "oneself, a friend and a second request") {
  CHECK(outcome(ask(alice, "alice", "nobody")) == "no_such_user");
  CHECK(outcome(ask(alice, "alice", "alice")) == "cannot_friend_self");
  befriend(alice, carol);
  CHECK(outcome(ask(alice, "alice", "carol")) == "already_friends");
  CHECK(outcome(ask(carol, "carol", "alice")) == "already_friends");
  REQUIRE(outcome(ask(alice, "alice", "bob")) == "ok");
  CHECK(outcome(ask(alice, "alice", "bob")) == "already_requested");
  // Refusals store nothing.
  CHECK(pushes_of(bob).size() == 1);
  CHECK(pushes_of(carol).empty());
  CHECK(pushes_of(alice).empty());
}

TEST_CASE_FIXTURE(three_users, "asking back accepts the pending request "
                               "and tells the first asker") {
  auto first = ask(alice, "alice", "bob");
  REQUIRE(outcome(first) == "ok");
  auto back = ask(bob, "bob", "alice");
  REQUIRE(outcome(back) == "ok");
  CHECK(back->accepted);
  CHECK(back->other == alice);
  CHECK(back->request_id == first->request_id);
  CHECK(friends(alice, bob));
  CHECK(pending_of(alice).empty());
  auto pushes = pushes_of(alice);
  REQUIRE(pushes.size() == 1);
  CHECK(pushes[0]["type"] == "friend_update");
  CHECK(pushes[0]["id"] == back->push.push_id);
  CHECK(pushes[0]["username"] == "bob");
  CHECK(pushes[0]["change"] == "accepted");
  CHECK(pushes[0]["ts"] == now);
}

TEST_CASE_FIXTURE(three_users, "past max_pending a new request withdraws "
                               "the oldest of the asker's, with its push") {
  auto dave = add_user("dave");
  REQUIRE(outcome(ask(alice, "alice", "bob", 2)) == "ok");
  REQUIRE(outcome(ask(alice, "alice", "carol", 2)) == "ok");
  REQUIRE(outcome(ask(alice, "alice", "dave", 2)) == "ok");
  CHECK(pending_of(alice) == std::vector<std::string>{"carol", "dave"});
  CHECK(pushes_of(bob).empty());
  CHECK(pushes_of(carol).size() == 1);
  CHECK(pushes_of(dave).size() == 1);
}

TEST_CASE_FIXTURE(three_users, "past max_pending a new request withdraws "
                               "the oldest of the recipient's, with its push") {
  auto dave = add_user("dave");
  REQUIRE(outcome(ask(alice, "alice", "dave", 2)) == "ok");
  REQUIRE(outcome(ask(bob, "bob", "dave", 2)) == "ok");
  REQUIRE(outcome(ask(carol, "carol", "dave", 2)) == "ok");
  CHECK(pending_of(dave) == std::vector<std::string>{"bob", "carol"});
  auto pushes = pushes_of(dave);
  REQUIRE(pushes.size() == 2);
  CHECK(pushes[0]["from"] == "bob");
  CHECK(pushes[1]["from"] == "carol");
}

// -- respond_to_friend --------------------------------------------------------

TEST_CASE_FIXTURE(three_users, "accepting a request makes friends and "
                               "tells the asker") {
  auto asked = ask(alice, "alice", "bob");
  REQUIRE(outcome(asked) == "ok");
  auto answered = domain::respond_to_friend(*db, ids, now, bob, "bob",
                                            asked->request_id, true);
  REQUIRE(outcome(answered) == "ok");
  CHECK(answered->other == alice);
  CHECK(friends(alice, bob));
  CHECK(pending_of(bob).empty());
  auto pushes = pushes_of(alice);
  REQUIRE(pushes.size() == 1);
  CHECK(pushes[0]["type"] == "friend_update");
  CHECK(pushes[0]["id"] == answered->push.push_id);
  CHECK(pushes[0]["username"] == "bob");
  CHECK(pushes[0]["change"] == "accepted");
}

TEST_CASE_FIXTURE(three_users, "rejecting a request drops it and tells "
                               "the asker") {
  auto asked = ask(alice, "alice", "bob");
  REQUIRE(outcome(asked) == "ok");
  auto answered = domain::respond_to_friend(*db, ids, now, bob, "bob",
                                            asked->request_id, false);
  REQUIRE(outcome(answered) == "ok");
  CHECK_FALSE(friends(alice, bob));
  CHECK(pending_of(bob).empty());
  auto pushes = pushes_of(alice);
  REQUIRE(pushes.size() == 1);
  CHECK(pushes[0]["change"] == "rejected");
}

TEST_CASE_FIXTURE(three_users, "only the recipient answers a request: "
                               "no_such_request for others and unknown ids") {
  auto asked = ask(alice, "alice", "bob");
  REQUIRE(outcome(asked) == "ok");
  for (auto who : {alice, carol}) {
    CAPTURE(who);
    CHECK(outcome(domain::respond_to_friend(*db, ids, now, who, "x",
                                            asked->request_id, true))
          == "no_such_request");
  }
  CHECK(outcome(domain::respond_to_friend(*db, ids, now, bob, "bob",
                                          asked->request_id + 1000, true))
        == "no_such_request");
  CHECK(pending_of(bob) == std::vector<std::string>{"alice"});
  CHECK(pushes_of(alice).empty());
}

// -- remove_friend ------------------------------------------------------------

TEST_CASE_FIXTURE(three_users, "remove_friend ends a friendship and tells "
                               "the other; not_friends otherwise") {
  befriend(alice, bob);
  CHECK(outcome(domain::remove_friend(*db, ids, now, alice, "alice", "carol"))
        == "not_friends");
  CHECK(outcome(domain::remove_friend(*db, ids, now, alice, "alice", "nobody"))
        == "not_friends");
  auto removed = domain::remove_friend(*db, ids, now, alice, "alice", "bob");
  REQUIRE(outcome(removed) == "ok");
  CHECK(removed->other == bob);
  CHECK_FALSE(friends(alice, bob));
  auto pushes = pushes_of(bob);
  REQUIRE(pushes.size() == 1);
  CHECK(pushes[0]["username"] == "alice");
  CHECK(pushes[0]["change"] == "removed");
  CHECK(outcome(domain::remove_friend(*db, ids, now, alice, "alice", "bob"))
        == "not_friends");
}

// -- befriend_now -------------------------------------------------------------

TEST_CASE_FIXTURE(three_users, "befriend_now makes friends at once, drops "
                               "their requests and tells both") {
  REQUIRE(outcome(ask(alice, "alice", "bob")) == "ok");
  auto made = domain::befriend_now(*db, ids, now, "alice", "bob");
  REQUIRE(outcome(made) == "ok");
  CHECK(made->made);
  CHECK(made->a == alice);
  CHECK(made->b == bob);
  CHECK(friends(alice, bob));
  CHECK(pending_of(alice).empty());
  auto to_a = pushes_of(alice);
  REQUIRE(to_a.size() == 1);
  CHECK(to_a[0]["id"] == made->to_a.push_id);
  CHECK(to_a[0]["username"] == "bob");
  CHECK(to_a[0]["change"] == "accepted");
  auto to_b = pushes_of(bob);
  REQUIRE(to_b.size() == 2); // the request's push, then the update
  CHECK(to_b[1]["id"] == made->to_b.push_id);
  CHECK(to_b[1]["username"] == "alice");
}

TEST_CASE_FIXTURE(three_users, "befriend_now changes nothing for friends or "
                               "one user, and refuses an unknown one") {
  befriend(alice, bob);
  auto again = domain::befriend_now(*db, ids, now, "alice", "bob");
  REQUIRE(outcome(again) == "ok");
  CHECK_FALSE(again->made);
  auto self = domain::befriend_now(*db, ids, now, "carol", "carol");
  REQUIRE(outcome(self) == "ok");
  CHECK_FALSE(self->made);
  CHECK_FALSE(friends(carol, carol));
  CHECK(pushes_of(alice).empty());
  CHECK(pushes_of(carol).empty());
  CHECK(outcome(domain::befriend_now(*db, ids, now, "alice", "nobody"))
        == "no_such_user");
  CHECK(outcome(domain::befriend_now(*db, ids, now, "nobody", "alice"))
        == "no_such_user");
}

// -- lists --------------------------------------------------------------------

TEST_CASE_FIXTURE(three_users, "list_friends pages the friends") {
  befriend(alice, bob);
  befriend(alice, carol);
  auto all = domain::list_friends(*db, alice, 0, 10);
  REQUIRE(outcome(all) == "ok");
  CHECK(test::names_of(*all) == std::vector<std::string>{"bob", "carol"});
  auto second = domain::list_friends(*db, alice, 1, 10);
  REQUIRE(outcome(second) == "ok");
  CHECK(test::names_of(*second) == std::vector<std::string>{"carol"});
}
