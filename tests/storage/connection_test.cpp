// Connecting the SOCI adapter to its store, and how it answers when the
// store cannot be reached: unavailable, without throwing, and without
// trying again before reconnect_interval.

#include "storage/soci_adapter.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "tests/storage/adapter_support.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using troupe::test::fresh_store;
using troupe::test::outcome;
using troupe::test::user_named;

namespace {

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

  ~reserved_port() { ::close(fd_); }

  reserved_port(const reserved_port&) = delete;
  reserved_port& operator=(const reserved_port&) = delete;

  std::uint16_t number() const { return number_; }

  int fd() const { return fd_; }

  void listen() { REQUIRE(::listen(fd_, 16) == 0); }

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
