// SQLite's write-ahead log stays bounded while the node runs. A checkpoint
// copies the log into the database only up to the oldest read transaction
// of any connection, and the log starts again from its beginning only once
// it is copied whole and nobody reads it: a lookup that left a read
// transaction open would pin it, and the -wal file would grow with every
// commit for as long as the connection lives. A log grown by one large
// batch is cut back to `sqlite_journal_size_limit` after the next
// checkpoint. MariaDB has no such file: these tests run on SQLite only.

#include "storage/adapter.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <soci/soci.h>

#include "tests/storage/store_fixture.hpp"

using namespace troupe;
using troupe::test::base;
using troupe::test::message;
using troupe::test::open_store;
using troupe::test::outcome;

namespace {

constexpr std::uintmax_t mib = 1024 * 1024;

/// A push as a message's recipient gets it, about the size of a real one.
storage::stored_push push_for(const storage::message_record& m) {
  return {m.msg_id, R"({"push":"message","id":)" + std::to_string(m.msg_id)
                      + R"(,"from":"user)" + std::to_string(m.sender_id)
                      + R"(","kind":"text","body":")" + m.body
                      + R"(","ts":1719000000000})"};
}

/// Returns the size of the store's -wal file (0 when there is none).
std::uintmax_t wal_size(const storage::settings& s) {
  std::error_code ec;
  auto size = std::filesystem::file_size(s.sqlite_path + "-wal", ec);
  return ec ? 0 : size;
}

/// What `PRAGMA wal_checkpoint` reports: frames in the log, and how many of
/// them are now in the database.
struct checkpoint_report {
  int busy = 0;
  int log_frames = 0;
  int checkpointed = 0;
};

/// Checkpoints the store's log from a connection of the test's own, without
/// waiting for anyone (PASSIVE): it copies what no read transaction of the
/// adapter's still needs from the log.
checkpoint_report checkpoint_from_outside(const storage::settings& s) {
  auto sql = test::open_raw(s);
  checkpoint_report r;
  *sql << "PRAGMA wal_checkpoint(PASSIVE)", soci::into(r.busy),
    soci::into(r.log_frames), soci::into(r.checkpointed);
  return r;
}

/// Users in pairs that are friends, each sending to the other, as in the
/// `pairs` benchmark.
struct pairs_of_users : open_store {
  explicit pairs_of_users(std::size_t pairs) {
    for (std::size_t i = 0; i < 2 * pairs; ++i) {
      names.push_back("user" + std::to_string(i));
      ids.push_back(add_user(names.back()));
    }
    for (std::size_t i = 0; i < 2 * pairs; i += 2)
      befriend(ids[i], ids[i + 1]);
  }

  /// The partner of user `i`.
  static std::size_t partner(std::size_t i) { return i ^ 1; }

  std::vector<std::string> names;
  std::vector<protocol::user_id> ids;
};

} // namespace

TEST_CASE("no lookup leaves a read transaction open that stops a "
          "checkpoint") {
  if (test::on_mariadb()) {
    MESSAGE("skipped: needs TROUPE_TEST_BACKEND=sqlite");
    return;
  }
  pairs_of_users store{1};
  auto alice = store.ids[0];
  auto bob = store.ids[1];
  auto sent = message(base + 1, alice, bob);
  store.store_message(sent);
  auto& db = *store.db;
  // Each lookup on the hot path that reads one row, run alone (autocommit)
  // as a worker's batch without writes runs it. Reads of many rows run to
  // their end, which ends them anyway.
  SUBCASE("user_by_name") {
    CHECK(outcome(db.user_by_name("user1")) == "ok");
  }
  SUBCASE("contact_by_name") {
    auto c = db.contact_by_name(alice, "user1");
    REQUIRE(c);
    CHECK(c->is_friend);
  }
  SUBCASE("friendship_exists") {
    auto f = db.friendship_exists(alice, bob);
    REQUIRE(f);
    CHECK(*f);
  }
  SUBCASE("message_by_client_id") {
    auto m = db.message_by_client_id(alice, sent.client_id);
    REQUIRE(m);
    CHECK(m->msg_id == sent.msg_id);
  }
  // Written after the lookup: a read transaction the lookup left open still
  // needs the log as it was before, and the checkpoint stops there.
  REQUIRE(outcome(db.push_store(bob, push_for(sent))) == "ok");
  auto report = checkpoint_from_outside(store.store.settings);
  CHECK(report.busy == 0);
  CHECK(report.log_frames > 0);
  CHECK(report.checkpointed == report.log_frames);
}

TEST_CASE("sustained batches of sends and acks keep the SQLite WAL "
          "bounded") {
  if (test::on_mariadb()) {
    MESSAGE("skipped: needs TROUPE_TEST_BACKEND=sqlite");
    return;
  }
  // Batches as a persistence worker runs them under the `pairs` load: each
  // send looks its recipient up, stores the message and its push; each
  // ack batch reads a recipient's pushes and deletes them. A batch also
  // logs a sender in, checks a friendship and answers a repeated request,
  // so that every lookup on the hot path runs between the commits.
  constexpr std::size_t pairs = 8;
  constexpr std::size_t sends_per_batch = 16;
  constexpr std::size_t batches = 1500; // 24,000 messages and pushes
  // SQLite checkpoints once the log holds 1000 pages (of 4 KiB: about
  // 4 MiB); the log then starts again, so it never holds much more than
  // that plus one batch. Unchecked, these batches grow it past 200 MiB.
  constexpr std::uintmax_t bound = 8 * mib;
  pairs_of_users store{pairs};
  // Commits without an fsync each: the bound does not depend on it, the
  // test's running time does.
  store.store.settings.sqlite_full_sync = false;
  store.db = storage::make_adapter(store.store.settings);
  REQUIRE(outcome(store.db->open()) == "ok");
  auto& db = *store.db;
  auto& settings = store.store.settings;
  const std::string body(120, 'x');
  std::int64_t next_id = base;
  std::uintmax_t largest = 0;
  for (std::size_t b = 0; b < batches; ++b) {
    CAPTURE(b);
    store.begin();
    storage::message_record last;
    for (std::size_t s = 0; s < sends_per_batch; ++s) {
      auto from = (b * sends_per_batch + s) % (2 * pairs);
      auto to = pairs_of_users::partner(from);
      auto contact = db.contact_by_name(store.ids[from], store.names[to]);
      REQUIRE(contact);
      REQUIRE(contact->is_friend);
      last = message(++next_id, store.ids[from], contact->uid, body);
      store.store_message(last);
      REQUIRE(outcome(db.push_store(contact->uid, push_for(last))) == "ok");
    }
    REQUIRE(outcome(db.user_by_name(store.names[b % (2 * pairs)])) == "ok");
    auto friends = db.friendship_exists(store.ids[0], store.ids[1]);
    REQUIRE(friends);
    REQUIRE(*friends);
    REQUIRE(outcome(db.message_by_client_id(last.sender_id, last.client_id))
            == "ok");
    store.commit();
    // The recipients acknowledge everything they were sent.
    store.begin();
    for (auto uid : store.ids) {
      auto pushes = db.pushes_after(uid, 0, 1000);
      REQUIRE(pushes);
      std::vector<std::int64_t> acked;
      for (auto& p : *pushes)
        acked.push_back(p.push_id);
      REQUIRE(outcome(db.push_delete(uid, acked)) == "ok");
    }
    store.commit();
    largest = std::max(largest, wal_size(settings));
    if (largest > bound)
      break; // grows without bound: no need to go on
  }
  MESSAGE("largest -wal file: ", largest / 1024, " KiB");
  CHECK(largest > 0);
  CHECK(largest <= bound);
}

TEST_CASE("a WAL grown by one large batch is cut back to "
          "sqlite_journal_size_limit") {
  if (test::on_mariadb()) {
    MESSAGE("skipped: needs TROUPE_TEST_BACKEND=sqlite");
    return;
  }
  test::fresh_store fresh;
  fresh.settings.sqlite_journal_size_limit = 1 * mib;
  fresh.settings.sqlite_full_sync = false;
  auto db = storage::make_adapter(fresh.settings);
  REQUIRE(outcome(db->open()) == "ok");
  storage::new_user u;
  u.username = "alice";
  u.created_at = test::some_ms;
  auto alice = db->user_create(u);
  REQUIRE(alice);
  // One batch of a few MiB: the log holds all of it until its commit,
  // which checkpoints it (over 1000 pages).
  REQUIRE(outcome(db->begin()) == "ok");
  const std::string payload(1000, 'p');
  for (std::int64_t i = 1; i <= 4000; ++i)
    REQUIRE(outcome(db->push_store(*alice, {base + i, payload})) == "ok");
  REQUIRE(outcome(db->commit()) == "ok");
  auto grown = wal_size(fresh.settings);
  CHECK(grown > 3 * mib);
  // The next commit starts the log again and cuts the file back.
  REQUIRE(outcome(db->push_store(*alice, {base + 5000, "{}"})) == "ok");
  auto after = wal_size(fresh.settings);
  MESSAGE("-wal file: ", grown / 1024, " KiB, then ", after / 1024, " KiB");
  CHECK(after > 0);
  CHECK(after <= 1 * mib);
}
