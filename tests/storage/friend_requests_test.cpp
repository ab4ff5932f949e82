#include "storage/adapter.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/storage/store_fixture.hpp"

using namespace troupe;
using troupe::test::names_of;
using troupe::test::open_store;
using troupe::test::outcome;
using troupe::test::some_ms;

namespace {

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
