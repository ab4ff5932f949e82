#include "storage/adapter.hpp"

#include <cstdint>
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

/// Returns the request ids of `rows`, in their order.
std::vector<std::int64_t>
request_ids(const std::vector<storage::friend_request_record>& rows) {
  std::vector<std::int64_t> out;
  for (auto& r : rows)
    out.push_back(r.request_id);
  return out;
}

} // namespace

// -- friend requests ----------------------------------------------------------

TEST_CASE_FIXTURE(open_store, "friend_request_create returns increasing "
                              "positive ids") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto carol = add_user("carol");
  std::int64_t previous = 0;
  const std::pair<protocol::user_id, protocol::user_id> pairs[]{
    {alice, bob}, {carol, alice}, {bob, carol}, {carol, bob}};
  for (auto [from, to] : pairs) {
    CAPTURE(from);
    CAPTURE(to);
    auto id = db->friend_request_create(from, to, "hello", some_ms);
    REQUIRE(outcome(id) == "ok");
    CHECK(*id > previous);
    previous = *id;
  }
  // A refused request does not break the order.
  CHECK(outcome(db->friend_request_create(alice, bob, "again", some_ms))
        == "conflict");
  auto next = db->friend_request_create(bob, alice, "hi", some_ms);
  REQUIRE(outcome(next) == "ok");
  CHECK(*next > previous);
}

TEST_CASE_FIXTURE(open_store, "a second request from the same user to the "
                              "same user is a conflict") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto first = db->friend_request_create(alice, bob, "first", some_ms);
  REQUIRE(outcome(first) == "ok");
  CHECK(outcome(db->friend_request_create(alice, bob, "second", some_ms + 1))
        == "conflict");
  // The first request is untouched and the adapter still works.
  CHECK(db->connected());
  auto found = db->friend_request_between(alice, bob);
  REQUIRE(outcome(found) == "ok");
  CHECK(found->request_id == *first);
  CHECK(found->note == "first");
  CHECK(found->created_at == some_ms);
  auto all = db->friend_requests_of(alice);
  REQUIRE(outcome(all) == "ok");
  CHECK(all->size() == 1);
}

TEST_CASE_FIXTURE(open_store, "a request in the other direction is a "
                              "different request") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto forth = db->friend_request_create(alice, bob, "from alice", some_ms);
  REQUIRE(outcome(forth) == "ok");
  auto back = db->friend_request_create(bob, alice, "from bob", some_ms + 1);
  REQUIRE(outcome(back) == "ok");
  CHECK(*back != *forth);
  auto ab = db->friend_request_between(alice, bob);
  REQUIRE(outcome(ab) == "ok");
  CHECK(ab->request_id == *forth);
  CHECK(ab->note == "from alice");
  auto ba = db->friend_request_between(bob, alice);
  REQUIRE(outcome(ba) == "ok");
  CHECK(ba->request_id == *back);
  CHECK(ba->note == "from bob");
  CHECK(ba->from_id == bob);
  CHECK(ba->to_id == alice);
}

TEST_CASE_FIXTURE(open_store, "friend_request_between returns every field "
                              "as stored") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  add_user("carol");
  const std::string note = "it's me, \"Alice\" \xF0\x9F\x91\x8B\n\\o/";
  auto id = db->friend_request_create(alice, bob, note, some_ms + 42);
  REQUIRE(outcome(id) == "ok");
  auto r = db->friend_request_between(alice, bob);
  REQUIRE(outcome(r) == "ok");
  CHECK(r->request_id == *id);
  CHECK(r->from_id == alice);
  CHECK(r->from_name == "alice");
  CHECK(r->to_id == bob);
  CHECK(r->to_name == "bob");
  CHECK(r->note == note);
  CHECK(r->created_at == some_ms + 42);
}

TEST_CASE_FIXTURE(open_store, "an empty note round-trips") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  REQUIRE(outcome(db->friend_request_create(alice, bob, "", some_ms)) == "ok");
  auto r = db->friend_request_between(alice, bob);
  REQUIRE(outcome(r) == "ok");
  CHECK(r->note.empty());
}

TEST_CASE_FIXTURE(open_store, "friend_request_between answers not_found "
                              "without a request in that direction") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto carol = add_user("carol");
  CHECK(outcome(db->friend_request_between(alice, bob)) == "not_found");
  REQUIRE(outcome(db->friend_request_create(alice, bob, "hi", some_ms))
          == "ok");
  CHECK(outcome(db->friend_request_between(bob, alice)) == "not_found");
  CHECK(outcome(db->friend_request_between(alice, carol)) == "not_found");
  CHECK(outcome(db->friend_request_between(carol, bob)) == "not_found");
  CHECK(outcome(db->friend_request_between(alice, alice)) == "not_found");
  CHECK(outcome(db->friend_request_between(alice, bob)) == "ok");
}

TEST_CASE_FIXTURE(open_store, "friend_request_by_id finds each request") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto carol = add_user("carol");
  auto first = db->friend_request_create(alice, bob, "one", some_ms + 1);
  REQUIRE(outcome(first) == "ok");
  auto second = db->friend_request_create(carol, alice, "two", some_ms + 2);
  REQUIRE(outcome(second) == "ok");
  auto r = db->friend_request_by_id(*second);
  REQUIRE(outcome(r) == "ok");
  CHECK(r->request_id == *second);
  CHECK(r->from_id == carol);
  CHECK(r->from_name == "carol");
  CHECK(r->to_id == alice);
  CHECK(r->to_name == "alice");
  CHECK(r->note == "two");
  CHECK(r->created_at == some_ms + 2);
  r = db->friend_request_by_id(*first);
  REQUIRE(outcome(r) == "ok");
  CHECK(r->from_name == "alice");
  CHECK(r->to_name == "bob");
  CHECK(r->note == "one");
}

TEST_CASE_FIXTURE(open_store, "friend_request_by_id answers not_found for an "
                              "unknown id") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  CHECK(outcome(db->friend_request_by_id(1)) == "not_found");
  auto id = db->friend_request_create(alice, bob, "hi", some_ms);
  REQUIRE(outcome(id) == "ok");
  CHECK(outcome(db->friend_request_by_id(*id + 1)) == "not_found");
  CHECK(outcome(db->friend_request_by_id(0)) == "not_found");
  CHECK(outcome(db->friend_request_by_id(-1)) == "not_found");
}

TEST_CASE_FIXTURE(open_store, "friend_request_delete removes exactly that "
                              "request") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto forth = db->friend_request_create(alice, bob, "forth", some_ms);
  REQUIRE(outcome(forth) == "ok");
  auto back = db->friend_request_create(bob, alice, "back", some_ms);
  REQUIRE(outcome(back) == "ok");
  REQUIRE(outcome(db->friend_request_delete(*forth)) == "ok");
  CHECK(outcome(db->friend_request_by_id(*forth)) == "not_found");
  CHECK(outcome(db->friend_request_between(alice, bob)) == "not_found");
  auto kept = db->friend_request_by_id(*back);
  REQUIRE(outcome(kept) == "ok");
  CHECK(kept->note == "back");
  auto all = db->friend_requests_of(alice);
  REQUIRE(outcome(all) == "ok");
  CHECK(request_ids(*all) == std::vector<std::int64_t>{*back});
  // Asking again after the delete is a new request, not a conflict.
  auto again = db->friend_request_create(alice, bob, "again", some_ms + 1);
  REQUIRE(outcome(again) == "ok");
  auto found = db->friend_request_between(alice, bob);
  REQUIRE(outcome(found) == "ok");
  CHECK(found->request_id == *again);
  CHECK(found->note == "again");
}

TEST_CASE_FIXTURE(open_store, "deleting a missing friend request is fine") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  CHECK(outcome(db->friend_request_delete(1)) == "ok");
  auto id = db->friend_request_create(alice, bob, "hi", some_ms);
  REQUIRE(outcome(id) == "ok");
  REQUIRE(outcome(db->friend_request_delete(*id)) == "ok");
  CHECK(outcome(db->friend_request_delete(*id)) == "ok");
  CHECK(outcome(db->friend_request_delete(*id + 100)) == "ok");
  CHECK(db->connected());
}

TEST_CASE_FIXTURE(open_store, "friend_requests_of lists incoming and "
                              "outgoing requests oldest first") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto carol = add_user("carol");
  auto dave = add_user("dave");
  auto erin = add_user("erin");
  auto to_bob = db->friend_request_create(alice, bob, "1", some_ms + 1);
  REQUIRE(outcome(to_bob) == "ok");
  auto from_carol = db->friend_request_create(carol, alice, "2", some_ms + 2);
  REQUIRE(outcome(from_carol) == "ok");
  // Requests alice has no part in must not show.
  REQUIRE(outcome(db->friend_request_create(bob, carol, "x", some_ms + 3))
          == "ok");
  REQUIRE(outcome(db->friend_request_create(dave, erin, "y", some_ms + 4))
          == "ok");
  auto to_dave = db->friend_request_create(alice, dave, "3", some_ms + 5);
  REQUIRE(outcome(to_dave) == "ok");
  auto from_bob = db->friend_request_create(bob, alice, "4", some_ms + 6);
  REQUIRE(outcome(from_bob) == "ok");
  auto all = db->friend_requests_of(alice);
  REQUIRE(outcome(all) == "ok");
  CHECK(
    request_ids(*all)
    == std::vector<std::int64_t>{*to_bob, *from_carol, *to_dave, *from_bob});
  REQUIRE(all->size() == 4);
  // Each row is complete, whichever side alice is on.
  auto& incoming = (*all)[1];
  CHECK(incoming.from_id == carol);
  CHECK(incoming.from_name == "carol");
  CHECK(incoming.to_id == alice);
  CHECK(incoming.to_name == "alice");
  CHECK(incoming.note == "2");
  CHECK(incoming.created_at == some_ms + 2);
  auto& outgoing = (*all)[2];
  CHECK(outgoing.from_id == alice);
  CHECK(outgoing.from_name == "alice");
  CHECK(outgoing.to_id == dave);
  CHECK(outgoing.to_name == "dave");
  CHECK(outgoing.note == "3");
  CHECK(outgoing.created_at == some_ms + 5);
  // erin was asked by dave only.
  auto erins = db->friend_requests_of(erin);
  REQUIRE(outcome(erins) == "ok");
  REQUIRE(erins->size() == 1);
  CHECK((*erins)[0].from_name == "dave");
}

TEST_CASE_FIXTURE(open_store, "friend_requests_of is empty for a user "
                              "without requests") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto carol = add_user("carol");
  auto none = db->friend_requests_of(alice);
  REQUIRE(outcome(none) == "ok");
  CHECK(none->empty());
  REQUIRE(outcome(db->friend_request_create(bob, carol, "hi", some_ms))
          == "ok");
  none = db->friend_requests_of(alice);
  REQUIRE(outcome(none) == "ok");
  CHECK(none->empty());
}

// -- friendships --------------------------------------------------------------

TEST_CASE_FIXTURE(open_store, "a request keeps the id of its push") {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto id = db->friend_request_create(alice, bob, "hi", some_ms,
                                      std::int64_t{1} << 40);
  REQUIRE(outcome(id) == "ok");
  auto found = db->friend_request_by_id(*id);
  REQUIRE(outcome(found) == "ok");
  CHECK(found->push_id == std::int64_t{1} << 40);
}

TEST_CASE_FIXTURE(open_store, "friend_requests_beyond returns a user's "
                              "oldest requests past the newest ones kept, "
                              "on each side") {
  auto alice = add_user("alice");
  std::vector<protocol::user_id> others;
  for (auto name : {"bob", "carol", "dave", "erin"})
    others.push_back(add_user(name));
  // Three to alice, two from her, interleaved in time.
  std::vector<std::int64_t> to_alice;
  std::vector<std::int64_t> from_alice;
  auto ask = [&](protocol::user_id from, protocol::user_id to, auto& ids) {
    auto id = db->friend_request_create(from, to, "n", some_ms);
    REQUIRE(outcome(id) == "ok");
    ids.push_back(*id);
  };
  ask(others[0], alice, to_alice);
  ask(alice, others[1], from_alice);
  ask(others[2], alice, to_alice);
  ask(alice, others[3], from_alice);
  ask(others[1], alice, to_alice);
  // Requests alice has no part in count for nobody else.
  REQUIRE(outcome(db->friend_request_create(others[0], others[2], "x", some_ms))
          == "ok");
  using storage::request_side;
  auto beyond = [&](request_side side, std::size_t keep) {
    auto rows = db->friend_requests_beyond(alice, side, keep);
    REQUIRE(outcome(rows) == "ok");
    return request_ids(*rows);
  };
  CHECK(beyond(request_side::incoming, 3).empty());
  CHECK(beyond(request_side::incoming, 5).empty());
  CHECK(beyond(request_side::incoming, 2) == std::vector{to_alice[0]});
  CHECK(beyond(request_side::incoming, 1)
        == std::vector{to_alice[0], to_alice[1]});
  CHECK(beyond(request_side::incoming, 0) == to_alice);
  CHECK(beyond(request_side::outgoing, 2).empty());
  CHECK(beyond(request_side::outgoing, 1) == std::vector{from_alice[0]});
  CHECK(beyond(request_side::outgoing, 0) == from_alice);
  auto rows = db->friend_requests_beyond(alice, request_side::incoming, 2);
  REQUIRE(outcome(rows) == "ok");
  REQUIRE(rows->size() == 1);
  CHECK((*rows)[0].from_name == "bob");
  CHECK((*rows)[0].to_id == alice);
}

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
