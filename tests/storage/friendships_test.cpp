#include "storage/adapter.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/storage/store_fixture.hpp"

using namespace troupe;
using troupe::test::message;
using troupe::test::names_of;
using troupe::test::open_store;
using troupe::test::outcome;
using troupe::test::some_ms;

namespace {

using names = std::vector<std::string>;

} // namespace

// -- friendships --------------------------------------------------------------

TEST_CASE_FIXTURE(open_store, "friendship_create makes both users friends of "
                              "each other") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto carol = add_user("carol");
  auto before = db->friendship_exists(alice, bob);
  REQUIRE(outcome(before) == "ok");
  CHECK_FALSE(*before);
  REQUIRE(outcome(db->friendship_create(alice, bob, some_ms)) == "ok");
  auto ab = db->friendship_exists(alice, bob);
  REQUIRE(outcome(ab) == "ok");
  CHECK(*ab);
  auto ba = db->friendship_exists(bob, alice);
  REQUIRE(outcome(ba) == "ok");
  CHECK(*ba);
  // Nobody else became friends.
  for (auto [x, y] :
       {std::pair{alice, carol}, std::pair{carol, alice}, std::pair{bob, carol},
        std::pair{carol, bob}, std::pair{alice, alice}}) {
    CAPTURE(x);
    CAPTURE(y);
    auto e = db->friendship_exists(x, y);
    REQUIRE(outcome(e) == "ok");
    CHECK_FALSE(*e);
  }
  auto of_alice = db->friends_of(alice, 0, 100);
  REQUIRE(outcome(of_alice) == "ok");
  CHECK(names_of(*of_alice) == names{"bob"});
  auto of_bob = db->friends_of(bob, 0, 100);
  REQUIRE(outcome(of_bob) == "ok");
  CHECK(names_of(*of_bob) == names{"alice"});
  auto of_carol = db->friends_of(carol, 0, 100);
  REQUIRE(outcome(of_carol) == "ok");
  CHECK(of_carol->empty());
}

TEST_CASE_FIXTURE(open_store, "creating a friendship twice is a no-op") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  REQUIRE(outcome(db->friendship_create(alice, bob, some_ms)) == "ok");
  CHECK(outcome(db->friendship_create(alice, bob, some_ms + 1)) == "ok");
  CHECK(outcome(db->friendship_create(bob, alice, some_ms + 2)) == "ok");
  auto of_alice = db->friends_of(alice, 0, 100);
  REQUIRE(outcome(of_alice) == "ok");
  CHECK(names_of(*of_alice) == names{"bob"});
  auto of_bob = db->friends_of(bob, 0, 100);
  REQUIRE(outcome(of_bob) == "ok");
  CHECK(names_of(*of_bob) == names{"alice"});
}

TEST_CASE_FIXTURE(open_store, "creating a friendship again keeps its last "
                              "message time") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  befriend(alice, bob);
  store_message(message(101, alice, bob, "hi", some_ms + 500));
  REQUIRE(outcome(db->friendship_create(bob, alice, some_ms + 600)) == "ok");
  auto of_alice = db->friends_of(alice, 0, 100);
  REQUIRE(outcome(of_alice) == "ok");
  REQUIRE(of_alice->size() == 1);
  CHECK((*of_alice)[0].last_message_at == some_ms + 500);
}

TEST_CASE_FIXTURE(open_store, "friendship_delete ends the friendship in both "
                              "directions") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto carol = add_user("carol");
  befriend(alice, bob);
  befriend(alice, carol);
  SUBCASE("asked by the user who made it") {
    REQUIRE(outcome(db->friendship_delete(alice, bob)) == "ok");
  }
  SUBCASE("asked by the other user") {
    REQUIRE(outcome(db->friendship_delete(bob, alice)) == "ok");
  }
  for (auto [x, y] : {std::pair{alice, bob}, std::pair{bob, alice}}) {
    auto e = db->friendship_exists(x, y);
    REQUIRE(outcome(e) == "ok");
    CHECK_FALSE(*e);
  }
  auto of_alice = db->friends_of(alice, 0, 100);
  REQUIRE(outcome(of_alice) == "ok");
  CHECK(names_of(*of_alice) == names{"carol"});
  auto of_bob = db->friends_of(bob, 0, 100);
  REQUIRE(outcome(of_bob) == "ok");
  CHECK(of_bob->empty());
  // The other friendship stays.
  auto ca = db->friendship_exists(carol, alice);
  REQUIRE(outcome(ca) == "ok");
  CHECK(*ca);
  // It can be made again.
  REQUIRE(outcome(db->friendship_create(bob, alice, some_ms)) == "ok");
  auto again = db->friendship_exists(alice, bob);
  REQUIRE(outcome(again) == "ok");
  CHECK(*again);
}

TEST_CASE_FIXTURE(open_store, "friendship_delete answers not_found without a "
                              "friendship") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto carol = add_user("carol");
  CHECK(outcome(db->friendship_delete(alice, bob)) == "not_found");
  befriend(alice, bob);
  CHECK(outcome(db->friendship_delete(alice, carol)) == "not_found");
  CHECK(outcome(db->friendship_delete(carol, bob)) == "not_found");
  REQUIRE(outcome(db->friendship_delete(alice, bob)) == "ok");
  CHECK(outcome(db->friendship_delete(alice, bob)) == "not_found");
  CHECK(outcome(db->friendship_delete(bob, alice)) == "not_found");
  CHECK(db->connected());
}

TEST_CASE_FIXTURE(open_store, "friends_of returns each friend's id, username "
                              "and nickname") {
  auto alice = add_user("alice", "Alice A.");
  auto bob = add_user("bob", "Bobby \"B\" \xF0\x9F\x90\x9D");
  auto carol = add_user("carol");
  befriend(alice, bob);
  befriend(carol, alice);
  auto of_alice = db->friends_of(alice, 0, 100);
  REQUIRE(outcome(of_alice) == "ok");
  REQUIRE(of_alice->size() == 2);
  auto& b = (*of_alice)[0];
  CHECK(b.uid == bob);
  CHECK(b.username == "bob");
  CHECK(b.nickname == "Bobby \"B\" \xF0\x9F\x90\x9D");
  CHECK(b.last_message_at == 0);
  auto& c = (*of_alice)[1];
  CHECK(c.uid == carol);
  CHECK(c.username == "carol");
  CHECK(c.nickname.empty());
  CHECK(c.last_message_at == 0);
  auto of_bob = db->friends_of(bob, 0, 100);
  REQUIRE(outcome(of_bob) == "ok");
  REQUIRE(of_bob->size() == 1);
  CHECK((*of_bob)[0].uid == alice);
  CHECK((*of_bob)[0].nickname == "Alice A.");
}

TEST_CASE_FIXTURE(open_store, "friends_of lists the most recently messaged "
                              "first and the never messaged last by "
                              "username") {
  auto alice = add_user("alice");
  // Created in an order that is neither alphabetical nor the expected one,
  // so neither ids nor insertion order can pass for the right order.
  auto zed = add_user("zed");
  auto bob = add_user("bob");
  auto mia = add_user("mia");
  auto carl = add_user("carl");
  auto ann = add_user("ann");
  auto stranger = add_user("stranger");
  for (auto f : {zed, bob, mia, carl, ann})
    befriend(alice, f);
  auto of_alice = db->friends_of(alice, 0, 100);
  REQUIRE(outcome(of_alice) == "ok");
  CHECK(names_of(*of_alice) == names{"ann", "bob", "carl", "mia", "zed"});
  // Messages in either direction count; ids and times disagree on purpose:
  // the order follows the message's ts.
  store_message(message(1001, alice, mia, "to mia", some_ms + 3000));
  store_message(message(1002, carl, alice, "from carl", some_ms + 5000));
  store_message(message(1003, alice, zed, "to zed", some_ms + 1000));
  // Messages alice has no part in change nothing for her.
  store_message(message(1004, mia, carl, "mia to carl", some_ms + 9000));
  store_message(message(1005, stranger, alice, "spam", some_ms + 9500));
  of_alice = db->friends_of(alice, 0, 100);
  REQUIRE(outcome(of_alice) == "ok");
  CHECK(names_of(*of_alice) == names{"carl", "mia", "zed", "ann", "bob"});
  REQUIRE(of_alice->size() == 5);
  CHECK((*of_alice)[0].last_message_at == some_ms + 5000);
  CHECK((*of_alice)[1].last_message_at == some_ms + 3000);
  CHECK((*of_alice)[2].last_message_at == some_ms + 1000);
  CHECK((*of_alice)[3].last_message_at == 0);
  CHECK((*of_alice)[4].last_message_at == 0);
  // A new message moves zed to the top, and each friend sees it too.
  store_message(message(1006, zed, alice, "back", some_ms + 7000));
  of_alice = db->friends_of(alice, 0, 100);
  REQUIRE(outcome(of_alice) == "ok");
  CHECK(names_of(*of_alice) == names{"zed", "carl", "mia", "ann", "bob"});
  auto of_zed = db->friends_of(zed, 0, 100);
  REQUIRE(outcome(of_zed) == "ok");
  REQUIRE(of_zed->size() == 1);
  CHECK((*of_zed)[0].last_message_at == some_ms + 7000);
  auto of_bob = db->friends_of(bob, 0, 100);
  REQUIRE(outcome(of_bob) == "ok");
  REQUIRE(of_bob->size() == 1);
  CHECK((*of_bob)[0].last_message_at == 0);
  // The stranger's message made no friendship.
  auto e = db->friendship_exists(alice, stranger);
  REQUIRE(outcome(e) == "ok");
  CHECK_FALSE(*e);
}

TEST_CASE_FIXTURE(open_store, "friends messaged at the same time are ordered "
                              "by username") {
  auto alice = add_user("alice");
  auto dora = add_user("dora");
  auto cleo = add_user("cleo");
  auto bert = add_user("bert");
  for (auto f : {dora, cleo, bert})
    befriend(alice, f);
  store_message(message(11, alice, dora, "same time", some_ms));
  store_message(message(12, alice, cleo, "same time", some_ms));
  auto of_alice = db->friends_of(alice, 0, 100);
  REQUIRE(outcome(of_alice) == "ok");
  CHECK(names_of(*of_alice) == names{"cleo", "dora", "bert"});
}

TEST_CASE_FIXTURE(open_store, "friends_of pages through the friends in "
                              "their order") {
  auto alice = add_user("alice");
  std::vector<protocol::user_id> friends;
  for (auto name : {"ann", "bob", "carl", "dora", "eve"}) {
    friends.push_back(add_user(name));
    befriend(alice, friends.back());
  }
  store_message(message(21, alice, friends[3], "d", some_ms + 1));
  store_message(message(22, friends[1], alice, "b", some_ms + 2));
  auto page = [&](std::size_t offset, std::size_t limit) {
    auto rows = db->friends_of(alice, offset, limit);
    REQUIRE(outcome(rows) == "ok");
    return names_of(*rows);
  };
  CHECK(page(0, 2) == names{"bob", "dora"});
  CHECK(page(2, 2) == names{"ann", "carl"});
  CHECK(page(4, 2) == names{"eve"});
  CHECK(page(5, 2).empty());
  CHECK(page(1, 3) == names{"dora", "ann", "carl"});
}

TEST_CASE_FIXTURE(open_store, "friends_of is empty for a user without "
                              "friends") {
  auto alice = add_user("alice");
  auto none = db->friends_of(alice, 0, 100);
  REQUIRE(outcome(none) == "ok");
  CHECK(none->empty());
  auto unknown = db->friends_of(alice + 1000, 0, 100);
  REQUIRE(outcome(unknown) == "ok");
  CHECK(unknown->empty());
}

// -- contact_by_name ----------------------------------------------------------

TEST_CASE_FIXTURE(open_store, "contact_by_name tells who a user is and "
                              "whether they are a friend") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto carol = add_user("carol");
  REQUIRE(outcome(db->friendship_create(alice, bob, some_ms)) == "ok");
  auto b = db->contact_by_name(alice, "bob");
  REQUIRE(outcome(b) == "ok");
  CHECK(b->uid == bob);
  CHECK(b->username == "bob");
  CHECK(b->is_friend);
  auto c = db->contact_by_name(alice, "carol");
  REQUIRE(outcome(c) == "ok");
  CHECK(c->uid == carol);
  CHECK_FALSE(c->is_friend);
  // Friendship is seen from the viewer's side only.
  auto a = db->contact_by_name(carol, "alice");
  REQUIRE(outcome(a) == "ok");
  CHECK_FALSE(a->is_friend);
  CHECK(outcome(db->contact_by_name(alice, "nobody")) == "not_found");
}
