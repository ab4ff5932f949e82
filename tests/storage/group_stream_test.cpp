// A member's group backlog as stored, on both backends: the messages and
// events of their groups past their position in each.

#include "storage/adapter.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/storage/store_fixture.hpp"

using namespace troupe;
using protocol::group_role;
using troupe::test::at;
using troupe::test::base;
using troupe::test::ids_of;
using troupe::test::open_store;
using troupe::test::outcome;
using troupe::test::some_ms;

namespace {

using ids = std::vector<std::int64_t>;

/// alice owns "climbers" (`base + 1`), carol owns "hikers" (`base + 2`);
/// bob, carol and dave exist, members of nothing else.
struct stream_store : open_store {
  stream_store() {
    alice = add_user("alice");
    bob = add_user("bob");
    carol = add_user("carol");
    dave = add_user("dave");
    create(climbers, "climbers", alice);
    create(hikers, "hikers", carol);
  }

  void create(std::int64_t group_id, const std::string& name,
              protocol::user_id owner) {
    storage::group_record g;
    g.group_id = group_id;
    g.name = name;
    g.created_at = some_ms;
    INFO(db->last_error());
    REQUIRE(outcome(db->group_create(g, owner)) == "ok");
  }

  /// Makes `uid` a member of `group_id` with their position at
  /// `base + position` (0: at 0).
  void join(std::int64_t group_id, protocol::user_id uid,
            std::int64_t position = 0) {
    auto at = position > 0 ? base + position : 0;
    INFO(db->last_error());
    REQUIRE(outcome(db->group_member_add(group_id, uid, group_role::member,
                                         some_ms, at))
            == "ok");
  }

  /// Ends the membership of `uid` at `base + k`, the removal's event.
  void leave(std::int64_t group_id, protocol::user_id uid, std::int64_t k) {
    INFO(db->last_error());
    REQUIRE(outcome(db->group_member_remove(group_id, uid, base + k)) == "ok");
  }

  /// Stores message `base + k` from `from` to `group_id`.
  void say(std::int64_t k, protocol::user_id from, std::int64_t group_id) {
    auto m = troupe::test::message(base + k, from, 0, "m" + std::to_string(k),
                                   some_ms + k);
    m.group_id = group_id;
    store_message(m);
  }

  /// Stores event `base + k` of `group_id`, its payload naming it.
  void event(std::int64_t k, std::int64_t group_id) {
    storage::stored_push p;
    p.push_id = base + k;
    p.payload = payload(k);
    INFO(db->last_error());
    REQUIRE(outcome(db->group_event_store(group_id, p)) == "ok");
  }

  static std::string payload(std::int64_t k) {
    return R"({"push":"group_update","id":)" + std::to_string(base + k)
           + R"(,"name":"n\u00e9 \"quoted\" \\"})";
  }

  /// Returns the ids `group_messages_pending(uid, after, limit)` yields.
  ids messages(protocol::user_id uid, std::int64_t after = 0,
               std::size_t limit = 100) {
    auto rows = db->group_messages_pending(uid, after, limit);
    INFO(db->last_error());
    REQUIRE(outcome(rows) == "ok");
    return ids_of(*rows);
  }

  /// Returns the events `group_events_pending(uid, after, limit)` yields.
  std::vector<storage::stored_push> event_rows(protocol::user_id uid,
                                               std::int64_t after = 0,
                                               std::size_t limit = 100) {
    auto rows = db->group_events_pending(uid, after, limit);
    INFO(db->last_error());
    REQUIRE(outcome(rows) == "ok");
    return *rows;
  }

  /// Returns the ids of those events.
  ids events(protocol::user_id uid, std::int64_t after = 0,
             std::size_t limit = 100) {
    ids out;
    for (auto& p : event_rows(uid, after, limit))
      out.push_back(p.push_id);
    return out;
  }

  static constexpr std::int64_t climbers = base + 1;
  static constexpr std::int64_t hikers = base + 2;
  protocol::user_id alice = 0;
  protocol::user_id bob = 0;
  protocol::user_id carol = 0;
  protocol::user_id dave = 0;
};

} // namespace

// -- pending messages ---------------------------------------------------------

TEST_CASE_FIXTURE(stream_store, "pending messages start at each member's "
                                "position and leave out their own") {
  join(climbers, bob, 20);
  join(climbers, carol);
  say(10, alice, climbers);
  say(20, bob, climbers);
  say(30, alice, climbers);
  say(40, carol, climbers);
  // Neither another group's messages nor private ones are a member's
  // group backlog.
  say(35, carol, hikers);
  befriend(alice, bob);
  store_message(troupe::test::message(base + 36, alice, bob, "private"));
  CHECK(messages(alice) == at({20, 40}));
  CHECK(messages(bob) == at({30, 40}));
  CHECK(messages(carol) == at({10, 20, 30}));
  CHECK(messages(dave).empty());
  auto rows = db->group_messages_pending(bob, 0, 1);
  REQUIRE(outcome(rows) == "ok");
  REQUIRE(rows->size() == 1);
  auto& m = rows->front();
  CHECK(m.msg_id == base + 30);
  CHECK(m.sender_id == alice);
  CHECK(m.sender_name == "alice");
  CHECK(m.recipient_id == 0);
  CHECK(m.recipient_name.empty());
  CHECK(m.group_id == climbers);
  CHECK(m.kind == protocol::message_kind::text);
  CHECK(m.body == "m30");
  CHECK(m.ts == some_ms + 30);
}

TEST_CASE_FIXTURE(stream_store, "pending messages respect after and limit") {
  join(climbers, bob);
  for (std::int64_t k = 1; k <= 6; ++k)
    say(10 * k, alice, climbers);
  CHECK(messages(bob, 0, 2) == at({10, 20}));
  CHECK(messages(bob, base + 20, 2) == at({30, 40}));
  CHECK(messages(bob, base + 25, 100) == at({30, 40, 50, 60}));
  CHECK(messages(bob, base + 60, 100).empty());
  CHECK(messages(bob, 0, 0).empty());
}

TEST_CASE_FIXTURE(stream_store, "pending messages of several groups come in "
                                "id order, each from its own position") {
  join(climbers, bob, 15);
  join(hikers, bob);
  say(5, carol, hikers);
  say(10, alice, climbers);
  say(20, alice, climbers);
  say(30, carol, hikers);
  say(40, alice, climbers);
  say(50, carol, hikers);
  CHECK(messages(bob) == at({5, 20, 30, 40, 50}));
  // Paged by the last id seen, as a login drains the backlog.
  CHECK(messages(bob, 0, 2) == at({5, 20}));
  CHECK(messages(bob, base + 20, 2) == at({30, 40}));
  CHECK(messages(bob, base + 40, 2) == at({50}));
}

TEST_CASE_FIXTURE(stream_store, "a member who left keeps what came while "
                                "they were one until they acknowledge it, "
                                "and on rejoining starts at the position "
                                "given") {
  join(climbers, bob);
  say(10, alice, climbers);
  say(20, alice, climbers);
  REQUIRE(messages(bob) == at({10, 20}));
  leave(climbers, bob, 25);
  CHECK(messages(bob) == at({10, 20}));
  say(30, alice, climbers);
  say(40, alice, climbers);
  CHECK(messages(bob) == at({10, 20}));
  REQUIRE(outcome(db->group_member_delivered(climbers, bob, base + 20))
          == "ok");
  CHECK(messages(bob).empty());
  join(climbers, bob, 30);
  CHECK(messages(bob) == at({40}));
  // Rejoining drops what the earlier membership left unacknowledged.
  leave(climbers, bob, 45);
  say(50, alice, climbers);
  join(climbers, bob, 50);
  CHECK(messages(bob).empty());
}

TEST_CASE_FIXTURE(stream_store, "a position moved by group_member_delivered "
                                "hides the messages and events it covers") {
  join(climbers, bob);
  join(hikers, bob);
  say(10, alice, climbers);
  event(15, climbers);
  say(20, alice, climbers);
  event(25, climbers);
  say(30, alice, climbers);
  say(12, carol, hikers);
  event(13, hikers);
  REQUIRE(messages(bob) == at({10, 12, 20, 30}));
  REQUIRE(events(bob) == at({13, 15, 25}));
  REQUIRE(outcome(db->group_member_delivered(climbers, bob, base + 20))
          == "ok");
  // Only climbers' position moved: hikers' messages and events stay.
  CHECK(messages(bob) == at({12, 30}));
  CHECK(events(bob) == at({13, 25}));
  // A position never moves back.
  REQUIRE(outcome(db->group_member_delivered(climbers, bob, base + 10))
          == "ok");
  CHECK(messages(bob) == at({12, 30}));
  REQUIRE(outcome(db->group_member_delivered(climbers, bob, base + 30))
          == "ok");
  CHECK(messages(bob) == at({12}));
  CHECK(events(bob) == at({13}));
}

TEST_CASE_FIXTURE(stream_store, "group messages held in a batch transaction "
                                "are pending at once") {
  join(climbers, bob);
  REQUIRE(outcome(db->begin()) == "ok");
  say(10, alice, climbers);
  event(11, climbers);
  say(20, alice, climbers);
  CHECK(messages(bob) == at({10, 20}));
  CHECK(events(bob) == at({11}));
  REQUIRE(outcome(db->commit()) == "ok");
  CHECK(messages(bob) == at({10, 20}));
  CHECK(events(bob) == at({11}));
}

// -- pending events -----------------------------------------------------------

TEST_CASE_FIXTURE(stream_store, "pending events come with their payload and "
                                "group, past each member's position") {
  join(climbers, bob, 20);
  join(hikers, bob);
  event(10, climbers);
  event(20, climbers);
  event(15, hikers);
  event(30, climbers);
  auto rows = event_rows(bob);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].push_id == base + 15);
  CHECK(rows[0].group_id == hikers);
  CHECK(rows[0].payload == stream_store::payload(15));
  CHECK(rows[1].push_id == base + 30);
  CHECK(rows[1].group_id == climbers);
  CHECK(rows[1].payload == stream_store::payload(30));
  // Events have no sender: the owner gets all of their group's.
  CHECK(events(alice) == at({10, 20, 30}));
  CHECK(events(carol) == at({15}));
  CHECK(events(dave).empty());
}

TEST_CASE_FIXTURE(stream_store, "pending events respect after and limit") {
  join(climbers, bob);
  join(hikers, bob);
  for (std::int64_t k = 1; k <= 6; ++k)
    event(10 * k, k % 2 ? climbers : hikers);
  CHECK(events(bob) == at({10, 20, 30, 40, 50, 60}));
  CHECK(events(bob, 0, 2) == at({10, 20}));
  CHECK(events(bob, base + 20, 2) == at({30, 40}));
  CHECK(events(bob, base + 45, 100) == at({50, 60}));
  CHECK(events(bob, base + 60, 100).empty());
  CHECK(events(bob, 0, 0).empty());
}

TEST_CASE_FIXTURE(stream_store, "a removed member gets the events up to "
                                "their removal's, and on rejoining starts at "
                                "the position given") {
  join(climbers, bob);
  event(10, climbers);
  REQUIRE(events(bob) == at({10}));
  event(15, climbers); // the removal
  leave(climbers, bob, 15);
  CHECK(events(bob) == at({10, 15}));
  event(20, climbers);
  event(30, climbers);
  CHECK(events(bob) == at({10, 15}));
  REQUIRE(outcome(db->group_member_delivered(climbers, bob, base + 15))
          == "ok");
  CHECK(events(bob).empty());
  join(climbers, bob, 20);
  CHECK(events(bob) == at({30}));
}

TEST_CASE_FIXTURE(stream_store, "largest_issued_id counts group events") {
  say(10, alice, climbers);
  REQUIRE(outcome(db->push_store(bob, {base + 20, "{}", 0})) == "ok");
  event(30, climbers);
  auto largest = db->largest_issued_id();
  REQUIRE(outcome(largest) == "ok");
  CHECK(*largest == base + 30);
}

TEST_CASE_FIXTURE(stream_store, "a user's own pushes are in no group") {
  REQUIRE(outcome(db->push_store(bob, {base + 20, "{}", 0})) == "ok");
  event(10, climbers);
  auto rows = db->pushes_after(bob, 0, 10);
  REQUIRE(outcome(rows) == "ok");
  REQUIRE(rows->size() == 1);
  CHECK(rows->front().push_id == base + 20);
  CHECK(rows->front().group_id == 0);
}
