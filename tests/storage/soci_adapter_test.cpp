#include "storage/soci_adapter.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "tests/storage/fresh_store.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using protocol::profile_field;
using troupe::test::fresh_store;

namespace {

// -- helpers ------------------------------------------------------------------

/// Returns "ok" or the name of the error, so failures print readably (and a
/// value result never has its error read).
template <class T>
std::string outcome(const storage::result<T>& r) {
  return r ? "ok" : std::string{storage::to_string(r.error())};
}

/// A hash in libsodium's format: `$`, `,` and `=` must survive.
constexpr const char* argon2_hash
  = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA"
    "$RdescudvJCsgt3ub+b+dWRWJTmaaJObGuBU3v2tVp5A";

storage::new_user user_named(std::string name) {
  storage::new_user u;
  u.username = std::move(name);
  u.password_hash = argon2_hash;
  u.created_at = 1719000000123;
  return u;
}

/// Returns a profile whose fields all differ, so swapped columns show.
protocol::profile distinct_profile() {
  protocol::profile p;
  p[profile_field::nickname] = "Alice A.";
  p[profile_field::email] = "alice@example.org";
  p[profile_field::phone] = "+49 30 1234567";
  p[profile_field::avatar] = "https://example.org/a.png";
  p[profile_field::location] = "Berlin";
  p[profile_field::bio] = "likes tea";
  p[profile_field::public_key] = "ed25519:AAAAC3NzaC1lZDI1NTE5AAAAI";
  return p;
}

std::string repeated(const std::string& piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i)
    out += piece;
  return out;
}

/// Opens an adapter on `store` and requires it to come up.
std::unique_ptr<storage::adapter> opened(const fresh_store& store) {
  auto db = storage::make_adapter(store.settings);
  auto up = db->open();
  INFO(db->last_error());
  REQUIRE(outcome(up) == "ok");
  return db;
}

/// A TCP port on 127.0.0.1 that is bound but not listening, so a connect to
/// it is refused at once and no other process can take it meanwhile. After
/// `listen()` connects to it queue up instead, and `take_pending()` counts
/// them: that shows whether a client tried to connect.
class reserved_port {
public:
  reserved_port() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    number_ = ntohs(addr.sin_port);
  }

  ~reserved_port() {
    ::close(fd_);
  }

  reserved_port(const reserved_port&) = delete;
  reserved_port& operator=(const reserved_port&) = delete;

  std::uint16_t number() const {
    return number_;
  }

  int fd() const {
    return fd_;
  }

  void listen() {
    REQUIRE(::listen(fd_, 16) == 0);
  }

  /// Accepts and closes every connection already queued; never blocks.
  int take_pending() {
    auto taken = 0;
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 0) <= 0)
        return taken;
      auto conn = ::accept(fd_, nullptr, nullptr);
      if (conn < 0)
        return taken;
      ::close(conn);
      ++taken;
    }
  }

private:
  int fd_ = -1;
  std::uint16_t number_ = 0;
};

/// Returns MariaDB settings for `port`, where no server answers.
storage::settings unreachable_mariadb(std::uint16_t port) {
  storage::settings s;
  s.backend = storage::backend_kind::mariadb;
  s.mariadb_host = "127.0.0.1";
  s.mariadb_port = port;
  s.mariadb_user = test::test_mariadb_user;
  s.mariadb_password = test::test_mariadb_password;
  s.mariadb_database = "troupe";
  s.connect_timeout = 5s;
  s.io_timeout = 5s;
  s.reconnect_interval = 1h;
  return s;
}

/// Returns SQLite settings whose file lies below a regular file, so its
/// directory cannot be created; `blocker` is that file.
storage::settings blocked_sqlite(const std::string& dir, std::string& blocker) {
  blocker = dir + "/blocker";
  std::ofstream{blocker} << "a file, not a directory\n";
  storage::settings s;
  s.backend = storage::backend_kind::sqlite;
  s.sqlite_path = blocker + "/store/troupe.db";
  s.reconnect_interval = 1h;
  return s;
}

} // namespace

// -- connection ---------------------------------------------------------------

TEST_CASE("make_adapter does not connect before the first call") {
  fresh_store store;
  auto db = storage::make_adapter(store.settings);
  CHECK_FALSE(db->connected());
  CHECK(db->last_error().empty());
}

TEST_CASE("open connects to a fresh store and ping answers") {
  fresh_store store;
  auto db = storage::make_adapter(store.settings);
  auto up = db->open();
  INFO(db->last_error());
  CHECK(outcome(up) == "ok");
  CHECK(db->connected());
  CHECK(db->last_error().empty());
  CHECK(outcome(db->ping()) == "ok");
  CHECK(db->connected());
  // open on an adapter that is up keeps it up.
  CHECK(outcome(db->open()) == "ok");
  CHECK(outcome(db->ping()) == "ok");
}

// -- users: create and look up ------------------------------------------------

TEST_CASE("user_create returns increasing positive ids") {
  fresh_store store;
  auto db = opened(store);
  protocol::user_id previous = 0;
  for (auto name : {"alice", "bob", "carol", "dave", "erin"}) {
    CAPTURE(name);
    auto uid = db->user_create(user_named(name));
    REQUIRE(outcome(uid) == "ok");
    CHECK(*uid > previous);
    CHECK(*uid <= protocol::max_id);
    auto found = db->user_by_name(name);
    REQUIRE(outcome(found) == "ok");
    CHECK(found->uid == *uid);
    previous = *uid;
  }
  // A failed create does not break the order.
  CHECK(outcome(db->user_create(user_named("bob"))) == "conflict");
  auto next = db->user_create(user_named("frank"));
  REQUIRE(outcome(next) == "ok");
  CHECK(*next > previous);
}

TEST_CASE("user_create answers conflict for a taken username") {
  fresh_store store;
  auto db = opened(store);
  auto first = user_named("alice");
  first.password_hash = "first hash";
  first.profile[profile_field::nickname] = "the first";
  auto uid = db->user_create(first);
  REQUIRE(outcome(uid) == "ok");
  auto second = user_named("alice");
  second.password_hash = "second hash";
  second.profile[profile_field::nickname] = "the second";
  CHECK(outcome(db->user_create(second)) == "conflict");
  // The first user is untouched and the adapter still works.
  auto found = db->user_by_name("alice");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *uid);
  CHECK(found->password_hash == "first hash");
  CHECK(found->profile[profile_field::nickname] == "the first");
  CHECK(db->connected());
  CHECK(outcome(db->user_create(user_named("bob"))) == "ok");
  auto sql = test::open_raw(store.settings);
  CHECK(test::user_count(*sql) == 2);
}

TEST_CASE("usernames that differ in any character are distinct") {
  fresh_store store;
  auto db = opened(store);
  const std::vector<std::string> names{"alice", "alice.", "Alice", "alic",
                                       "alice_", "ali-ce", "alice0",
                                       "aIice", "al1ce", "alicé"};
  std::vector<protocol::user_id> uids;
  for (auto& name : names) {
    CAPTURE(name);
    auto uid = db->user_create(user_named(name));
    REQUIRE(outcome(uid) == "ok");
    uids.push_back(*uid);
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    CAPTURE(names[i]);
    auto found = db->user_by_name(names[i]);
    REQUIRE(outcome(found) == "ok");
    CHECK(found->uid == uids[i]);
    CHECK(found->username == names[i]);
  }
  CHECK(outcome(db->user_by_name("ALICE")) == "not_found");
  CHECK(outcome(db->user_by_name("alic%")) == "not_found");
  CHECK(outcome(db->user_by_name("alic_")) == "not_found");
}

// Lookups see names as the client sent them, so a lookup must match only an
// equal name. MariaDB's PAD SPACE collations (utf8mb4_bin) would find
// 'alice' for 'alice '; the schema uses utf8mb4_nopad_bin for this.
TEST_CASE("usernames that differ only by trailing spaces are distinct") {
  fresh_store store;
  auto db = opened(store);
  auto alice = db->user_create(user_named("alice"));
  REQUIRE(outcome(alice) == "ok");
  auto found = db->user_by_name("alice ");
  CHECK(outcome(found) == "not_found");
  CHECK(outcome(db->user_by_name("alice   ")) == "not_found");
  CHECK(outcome(db->user_create(user_named("alice "))) == "ok");
}

TEST_CASE("user_by_name returns every field as stored") {
  fresh_store store;
  auto db = opened(store);
  auto alice = user_named("alice");
  alice.profile = distinct_profile();
  alice.created_at = 1719000000123;
  auto uid = db->user_create(alice);
  REQUIRE(outcome(uid) == "ok");
  // Another user next to alice, so a lookup must pick the right row.
  auto bob = user_named("bob");
  bob.password_hash = "bob's hash";
  bob.created_at = 5;
  REQUIRE(outcome(db->user_create(bob)) == "ok");
  auto found = db->user_by_name("alice");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *uid);
  CHECK(found->username == "alice");
  CHECK(found->password_hash == argon2_hash);
  CHECK(found->created_at == 1719000000123);
  protocol::for_each_profile_field([&](profile_field f) {
    CAPTURE(protocol::to_string(f));
    CHECK(found->profile[f] == alice.profile[f]);
  });
  // A user created without a profile reads back with every field empty.
  auto other = db->user_by_name("bob");
  REQUIRE(outcome(other) == "ok");
  CHECK(other->password_hash == "bob's hash");
  CHECK(other->created_at == 5);
  for (auto& field : other->profile.fields)
    CHECK(field.empty());
}

TEST_CASE("user_by_name answers not_found for an unknown name") {
  fresh_store store;
  auto db = opened(store);
  CHECK(outcome(db->user_by_name("alice")) == "not_found");
  REQUIRE(outcome(db->user_create(user_named("alice"))) == "ok");
  CHECK(outcome(db->user_by_name("bob")) == "not_found");
  CHECK(outcome(db->user_by_name("")) == "not_found");
  CHECK(outcome(db->user_by_name("alice' OR '1'='1")) == "not_found");
  CHECK(db->connected());
}

TEST_CASE("the longest valid username round-trips") {
  fresh_store store;
  auto db = opened(store);
  std::string name(32, 'z');
  auto uid = db->user_create(user_named(name));
  REQUIRE(outcome(uid) == "ok");
  auto found = db->user_by_name(name);
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *uid);
  CHECK(outcome(db->user_by_name(std::string(31, 'z'))) == "not_found");
}

TEST_CASE("awkward profile values round-trip exactly") {
  fresh_store store;
  auto db = opened(store);
  const std::vector<std::string> values{
    "it's \"quoted\" ''",
    "back\\slash \\' \\\\ \\n \\0",
    "two\nlines\r\n\ttabbed\n",
    "emoji \xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",
    "CJK \xE6\xBC\xA2\xE5\xAD\x97 \xE3\x81\x8B\xE3\x81\xAA "
    "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4",
    "'); DROP TABLE users; --",
    ":f1 :u :id ? %s $1 ${x}",
    "  padded with spaces  ",
    "",
    std::string(4096, 'x'),
    repeated("\xE6\xBC\xA2", 4096),
    repeated("\xF0\x9F\x98\x80", 4096),
  };
  for (std::size_t i = 0; i < values.size(); ++i) {
    CAPTURE(i);
    auto& value = values[i];
    // Stored by user_create into every field...
    auto name = "user" + std::to_string(i);
    auto u = user_named(name);
    for (auto& field : u.profile.fields)
      field = value;
    REQUIRE(outcome(db->user_create(u)) == "ok");
    auto found = db->user_by_name(name);
    REQUIRE(outcome(found) == "ok");
    for (auto& field : found->profile.fields)
      CHECK((field == value));
    // ...and by user_update_profile over different values.
    auto other = "other" + std::to_string(i);
    auto o = user_named(other);
    o.profile = distinct_profile();
    auto uid = db->user_create(o);
    REQUIRE(outcome(uid) == "ok");
    protocol::profile_update update;
    for (auto& field : update.fields)
      field = value;
    REQUIRE(outcome(db->user_update_profile(*uid, update)) == "ok");
    found = db->user_by_name(other);
    REQUIRE(outcome(found) == "ok");
    for (auto& field : found->profile.fields)
      CHECK((field == value));
  }
}

// -- users: profile updates ---------------------------------------------------

TEST_CASE("user_update_profile sets only the present fields") {
  fresh_store store;
  auto db = opened(store);
  auto alice = user_named("alice");
  alice.profile = distinct_profile();
  auto uid = db->user_create(alice);
  REQUIRE(outcome(uid) == "ok");
  protocol::profile_update update;
  update[profile_field::nickname] = "Ally";
  update[profile_field::bio] = ""; // present and empty: clears the field
  REQUIRE(outcome(db->user_update_profile(*uid, update)) == "ok");
  auto expected = distinct_profile();
  expected[profile_field::nickname] = "Ally";
  expected[profile_field::bio] = "";
  auto found = db->user_by_name("alice");
  REQUIRE(outcome(found) == "ok");
  protocol::for_each_profile_field([&](profile_field f) {
    CAPTURE(protocol::to_string(f));
    CHECK(found->profile[f] == expected[f]);
  });
  CHECK(found->password_hash == argon2_hash);
  CHECK(found->created_at == alice.created_at);
  CHECK(found->uid == *uid);
  // Each field alone, in turn.
  protocol::for_each_profile_field([&](profile_field f) {
    CAPTURE(protocol::to_string(f));
    protocol::profile_update one;
    one[f] = "set " + std::string{protocol::to_string(f)};
    expected[f] = *one[f];
    REQUIRE(outcome(db->user_update_profile(*uid, one)) == "ok");
    auto now = db->user_by_name("alice");
    REQUIRE(outcome(now) == "ok");
    for (std::size_t i = 0; i < protocol::profile_field_count; ++i)
      CHECK(now->profile.fields[i] == expected.fields[i]);
  });
}

TEST_CASE("user_update_profile changes no other user") {
  fresh_store store;
  auto db = opened(store);
  auto alice = user_named("alice");
  alice.profile = distinct_profile();
  auto bob = user_named("bob");
  bob.profile = distinct_profile();
  auto alice_id = db->user_create(alice);
  REQUIRE(outcome(alice_id) == "ok");
  REQUIRE(outcome(db->user_create(bob)) == "ok");
  protocol::profile_update update;
  for (auto& field : update.fields)
    field = "changed";
  REQUIRE(outcome(db->user_update_profile(*alice_id, update)) == "ok");
  auto found = db->user_by_name("bob");
  REQUIRE(outcome(found) == "ok");
  for (std::size_t i = 0; i < protocol::profile_field_count; ++i)
    CHECK(found->profile.fields[i] == bob.profile.fields[i]);
}

// MariaDB reports rows changed, not rows matched, unless the client asks for
// found rows (SOCI 4.0.3 does, with CLIENT_FOUND_ROWS): either way an update
// that writes the values already stored must not look like a missing user.
TEST_CASE("user_update_profile succeeds when nothing changes") {
  fresh_store store;
  auto db = opened(store);
  auto alice = user_named("alice");
  alice.profile = distinct_profile();
  auto uid = db->user_create(alice);
  REQUIRE(outcome(uid) == "ok");
  SUBCASE("every field set to its stored value") {
    protocol::profile_update same;
    for (std::size_t i = 0; i < protocol::profile_field_count; ++i)
      same.fields[i] = alice.profile.fields[i];
    CHECK(outcome(db->user_update_profile(*uid, same)) == "ok");
  }
  SUBCASE("one field set to its stored value") {
    protocol::profile_update same;
    same[profile_field::email] = alice.profile[profile_field::email];
    CHECK(outcome(db->user_update_profile(*uid, same)) == "ok");
  }
  SUBCASE("no field set") {
    CHECK(outcome(db->user_update_profile(*uid, {})) == "ok");
  }
  SUBCASE("the same update twice") {
    protocol::profile_update update;
    update[profile_field::bio] = "new bio";
    CHECK(outcome(db->user_update_profile(*uid, update)) == "ok");
    CHECK(outcome(db->user_update_profile(*uid, update)) == "ok");
    alice.profile[profile_field::bio] = "new bio";
  }
  auto found = db->user_by_name("alice");
  REQUIRE(outcome(found) == "ok");
  for (std::size_t i = 0; i < protocol::profile_field_count; ++i)
    CHECK(found->profile.fields[i] == alice.profile.fields[i]);
}

TEST_CASE("user_update_profile answers not_found for an unknown uid") {
  fresh_store store;
  auto db = opened(store);
  protocol::profile_update update;
  update[profile_field::nickname] = "ghost";
  CHECK(outcome(db->user_update_profile(1, update)) == "not_found");
  auto uid = db->user_create(user_named("alice"));
  REQUIRE(outcome(uid) == "ok");
  for (protocol::user_id unknown : {*uid + 1, protocol::user_id{0},
                                    protocol::user_id{-1}, protocol::max_id}) {
    CAPTURE(unknown);
    CHECK(outcome(db->user_update_profile(unknown, update)) == "not_found");
    CHECK(outcome(db->user_update_profile(unknown, {})) == "not_found");
  }
  // Nothing was created or changed on the way.
  auto sql = test::open_raw(store.settings);
  CHECK(test::user_count(*sql) == 1);
  auto found = db->user_by_name("alice");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->profile[profile_field::nickname].empty());
  CHECK(db->connected());
}

// -- transactions -------------------------------------------------------------

TEST_CASE("rollback discards a user created in the transaction") {
  fresh_store store;
  auto db = opened(store);
  // The other adapter is opened first: on SQLite its migration would wait
  // for the write lock the transaction holds.
  auto other = opened(store);
  REQUIRE(outcome(db->begin()) == "ok");
  REQUIRE(outcome(db->user_create(user_named("alice"))) == "ok");
  // Inside the transaction the user exists; outside it does not yet.
  CHECK(outcome(db->user_by_name("alice")) == "ok");
  CHECK(outcome(other->user_by_name("alice")) == "not_found");
  db->rollback();
  CHECK(outcome(db->user_by_name("alice")) == "not_found");
  CHECK(outcome(other->user_by_name("alice")) == "not_found");
  auto sql = test::open_raw(store.settings);
  CHECK(test::user_count(*sql) == 0);
  // The name is free again and the adapter works outside a transaction.
  CHECK(db->connected());
  CHECK(outcome(db->user_create(user_named("alice"))) == "ok");
  CHECK(outcome(other->user_by_name("alice")) == "ok");
}

TEST_CASE("commit persists users created in the transaction") {
  fresh_store store;
  auto db = opened(store);
  REQUIRE(outcome(db->begin()) == "ok");
  auto alice = db->user_create(user_named("alice"));
  auto bob = db->user_create(user_named("bob"));
  REQUIRE(outcome(alice) == "ok");
  REQUIRE(outcome(bob) == "ok");
  CHECK(*alice < *bob);
  REQUIRE(outcome(db->commit()) == "ok");
  auto other = opened(store);
  auto found = other->user_by_name("alice");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *alice);
  found = other->user_by_name("bob");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *bob);
  // A rollback after the commit takes nothing back.
  db->rollback();
  CHECK(outcome(other->user_by_name("alice")) == "ok");
  auto sql = test::open_raw(store.settings);
  CHECK(test::user_count(*sql) == 2);
}

TEST_CASE("a conflict inside a transaction leaves the transaction usable") {
  fresh_store store;
  auto db = opened(store);
  auto alice = user_named("alice");
  alice.password_hash = "alice's own";
  REQUIRE(outcome(db->user_create(alice)) == "ok");
  REQUIRE(outcome(db->begin()) == "ok");
  // A name taken before the transaction, then one taken inside it.
  CHECK(outcome(db->user_create(user_named("alice"))) == "conflict");
  auto bob = db->user_create(user_named("bob"));
  REQUIRE(outcome(bob) == "ok");
  CHECK(outcome(db->user_create(user_named("bob"))) == "conflict");
  auto carol = db->user_create(user_named("carol"));
  REQUIRE(outcome(carol) == "ok");
  REQUIRE(outcome(db->commit()) == "ok");
  auto other = opened(store);
  auto found = other->user_by_name("bob");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *bob);
  found = other->user_by_name("carol");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->uid == *carol);
  found = other->user_by_name("alice");
  REQUIRE(outcome(found) == "ok");
  CHECK(found->password_hash == "alice's own");
  auto sql = test::open_raw(store.settings);
  CHECK(test::user_count(*sql) == 3);
}

TEST_CASE("commit without begin answers unavailable") {
  fresh_store store;
  auto db = storage::make_adapter(store.settings);
  SUBCASE("before the first call") {
    CHECK(outcome(db->commit()) == "unavailable");
    db->rollback();
    CHECK(outcome(db->ping()) == "ok");
  }
  SUBCASE("on an open adapter") {
    REQUIRE(outcome(db->open()) == "ok");
    CHECK(outcome(db->commit()) == "unavailable");
    db->rollback();
    CHECK(db->connected());
  }
  SUBCASE("after the transaction was committed") {
    REQUIRE(outcome(db->begin()) == "ok");
    REQUIRE(outcome(db->commit()) == "ok");
    CHECK(outcome(db->commit()) == "unavailable");
  }
  SUBCASE("after the transaction was rolled back") {
    REQUIRE(outcome(db->begin()) == "ok");
    db->rollback();
    CHECK(outcome(db->commit()) == "unavailable");
  }
  // Writes outside a transaction still persist on their own.
  REQUIRE(outcome(db->user_create(user_named("alice"))) == "ok");
  auto other = opened(store);
  CHECK(outcome(other->user_by_name("alice")) == "ok");
}

// -- an unreachable store -----------------------------------------------------

TEST_CASE("an unreachable MariaDB answers unavailable without throwing") {
  if (!test::on_mariadb()) {
    MESSAGE("skipped: needs TROUPE_TEST_BACKEND=mariadb");
    return;
  }
  reserved_port port;
  auto db = storage::make_adapter(unreachable_mariadb(port.number()));
  CHECK(outcome(db->open()) == "unavailable");
  CHECK_FALSE(db->last_error().empty());
  CHECK_FALSE(db->connected());
  CHECK(outcome(db->ping()) == "unavailable");
  CHECK(outcome(db->user_by_name("alice")) == "unavailable");
  CHECK(outcome(db->user_create(user_named("alice"))) == "unavailable");
  CHECK(outcome(db->user_update_profile(1, {})) == "unavailable");
  CHECK(outcome(db->begin()) == "unavailable");
  CHECK(outcome(db->commit()) == "unavailable");
  CHECK_NOTHROW(db->rollback());
  CHECK_FALSE(db->last_error().empty());
  CHECK_FALSE(db->connected());
}

TEST_CASE("calls after a failed MariaDB connect wait for reconnect_interval") {
  if (!test::on_mariadb()) {
    MESSAGE("skipped: needs TROUPE_TEST_BACKEND=mariadb");
    return;
  }
  reserved_port port;
  auto s = unreachable_mariadb(port.number());
  SUBCASE("within the interval no call tries to connect") {
    auto db = storage::make_adapter(s);
    REQUIRE(outcome(db->open()) == "unavailable");
    // From now on a connect attempt would queue on the port, not fail.
    port.listen();
    CHECK(outcome(db->ping()) == "unavailable");
    CHECK(outcome(db->user_by_name("alice")) == "unavailable");
    CHECK(outcome(db->begin()) == "unavailable");
    CHECK_FALSE(db->connected());
    CHECK_FALSE(db->last_error().empty());
    CHECK(port.take_pending() == 0);
  }
  // The two controls show that the port does see an attempt.
  SUBCASE("open tries again at once") {
    auto db = storage::make_adapter(s);
    REQUIRE(outcome(db->open()) == "unavailable");
    port.listen();
    // Hang up on the client right away so its handshake fails fast.
    auto accepted = 0;
    std::thread server([&] {
      auto conn = ::accept(port.fd(), nullptr, nullptr);
      if (conn >= 0) {
        ++accepted;
        ::close(conn);
      }
    });
    CHECK(outcome(db->open()) == "unavailable");
    ::shutdown(port.fd(), SHUT_RDWR); // wakes accept if nobody came
    server.join();
    CHECK(accepted == 1);
    CHECK_FALSE(db->connected());
  }
  SUBCASE("with no interval the next call tries again") {
    s.reconnect_interval = 0ms;
    auto db = storage::make_adapter(s);
    REQUIRE(outcome(db->open()) == "unavailable");
    port.listen();
    auto accepted = 0;
    std::thread server([&] {
      auto conn = ::accept(port.fd(), nullptr, nullptr);
      if (conn >= 0) {
        ++accepted;
        ::close(conn);
      }
    });
    CHECK(outcome(db->ping()) == "unavailable");
    ::shutdown(port.fd(), SHUT_RDWR);
    server.join();
    CHECK(accepted == 1);
  }
}

TEST_CASE("an SQLite file whose directory cannot be made is unavailable") {
  if (test::on_mariadb()) {
    MESSAGE("skipped: needs TROUPE_TEST_BACKEND=sqlite");
    return;
  }
  fresh_store store;
  std::string blocker;
  auto db = storage::make_adapter(blocked_sqlite(store.dir, blocker));
  CHECK(outcome(db->open()) == "unavailable");
  CHECK_FALSE(db->last_error().empty());
  CHECK_FALSE(db->connected());
  CHECK(outcome(db->ping()) == "unavailable");
  CHECK(outcome(db->user_by_name("alice")) == "unavailable");
  CHECK(outcome(db->user_create(user_named("alice"))) == "unavailable");
  CHECK(outcome(db->user_update_profile(1, {})) == "unavailable");
  CHECK(outcome(db->begin()) == "unavailable");
  CHECK(outcome(db->commit()) == "unavailable");
  CHECK_NOTHROW(db->rollback());
  CHECK_FALSE(db->connected());
  // Nothing was put in the blocker's place.
  CHECK(std::filesystem::is_regular_file(blocker));
}

TEST_CASE("calls after a failed SQLite open wait for reconnect_interval") {
  if (test::on_mariadb()) {
    MESSAGE("skipped: needs TROUPE_TEST_BACKEND=sqlite");
    return;
  }
  fresh_store store;
  std::string blocker;
  auto s = blocked_sqlite(store.dir, blocker);
  SUBCASE("within the interval no call tries to open the file") {
    auto db = storage::make_adapter(s);
    REQUIRE(outcome(db->open()) == "unavailable");
    // From now on an attempt would succeed.
    REQUIRE(std::filesystem::remove(blocker));
    CHECK(outcome(db->ping()) == "unavailable");
    CHECK(outcome(db->user_by_name("alice")) == "unavailable");
    CHECK_FALSE(db->connected());
    CHECK_FALSE(std::filesystem::exists(blocker));
    // open tries at once, whatever the interval.
    auto up = db->open();
    INFO(db->last_error());
    CHECK(outcome(up) == "ok");
    CHECK(db->connected());
    CHECK(std::filesystem::exists(s.sqlite_path));
  }
  SUBCASE("with no interval the next call tries again") {
    s.reconnect_interval = 0ms;
    auto db = storage::make_adapter(s);
    REQUIRE(outcome(db->open()) == "unavailable");
    REQUIRE(std::filesystem::remove(blocker));
    CHECK(outcome(db->ping()) == "ok");
    CHECK(db->connected());
    CHECK(db->last_error().empty());
  }
}
