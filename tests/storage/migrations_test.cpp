#include "storage/migrations.hpp"

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "storage/adapter.hpp"
#include "tests/storage/fresh_store.hpp"

using namespace troupe;
using troupe::test::fresh_store;

namespace {

/// Returns 1, 2, ..., latest_schema_version().
std::vector<int> every_version() {
  std::vector<int> out;
  for (auto& m : storage::migrations())
    out.push_back(m.version);
  return out;
}

/// Records `version` in a store's `schema_migrations`, as a newer node would.
void plant_version(soci::session& sql, int version) {
  std::string description = "from a newer troupe-node";
  long long applied_at = 1;
  sql << "INSERT INTO schema_migrations (version, description, applied_at)"
         " VALUES (:v, :d, :t)",
    soci::use(version), soci::use(description), soci::use(applied_at);
}

/// A row of `schema_migrations`, to compare a table before and after.
struct recorded_row {
  int version = 0;
  std::string description;
  long long applied_at = 0;

  bool operator==(const recorded_row& other) const {
    return version == other.version && description == other.description
           && applied_at == other.applied_at;
  }
};

std::vector<recorded_row> recorded_rows(soci::session& sql) {
  auto versions = test::recorded_versions(sql);
  std::vector<recorded_row> rows;
  for (auto v : versions) {
    recorded_row r;
    r.version = v;
    sql << "SELECT description, applied_at FROM schema_migrations"
           " WHERE version = :v",
      soci::into(r.description), soci::into(r.applied_at), soci::use(v);
    rows.push_back(r);
  }
  return rows;
}

} // namespace

TEST_CASE("migrations count up from 1 without gaps") {
  auto& all = storage::migrations();
  REQUIRE_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i) {
    CAPTURE(i);
    CHECK(all[i].version == static_cast<int>(i) + 1);
    CHECK_FALSE(all[i].description.empty());
    // Both dialects must do something at every step.
    CHECK_FALSE(all[i].sqlite.empty());
    CHECK_FALSE(all[i].mariadb.empty());
  }
  CHECK(storage::latest_schema_version() == all.back().version);
}

TEST_CASE("open migrates a fresh store to every version") {
  fresh_store store;
  auto db = storage::make_adapter(store.settings);
  REQUIRE(db->open());
  auto sql = test::open_raw(store.settings);
  CHECK(test::recorded_versions(*sql) == every_version());
  auto rows = recorded_rows(*sql);
  REQUIRE(rows.size() == storage::migrations().size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i);
    CHECK(rows[i].description
          == std::string{storage::migrations()[i].description});
    CHECK(rows[i].applied_at > 0);
  }
  CHECK(test::has_table(*sql, store.settings.backend, "users"));
  CHECK(test::has_table(*sql, store.settings.backend, "group_events"));
  CHECK(test::has_table(*sql, store.settings.backend, "file_group_grants"));
  CHECK(test::user_count(*sql) == 0);
}

TEST_CASE("the first call migrates a store that open was never called on") {
  fresh_store store;
  auto db = storage::make_adapter(store.settings);
  // make_adapter must not touch the store.
  {
    auto sql = test::open_raw(store.settings);
    CHECK_FALSE(
      test::has_table(*sql, store.settings.backend, "schema_migrations"));
  }
  REQUIRE(db->ping());
  auto sql = test::open_raw(store.settings);
  CHECK(test::recorded_versions(*sql) == every_version());
  CHECK(test::has_table(*sql, store.settings.backend, "users"));
}

TEST_CASE("opening a migrated store again changes nothing") {
  fresh_store store;
  auto first = storage::make_adapter(store.settings);
  REQUIRE(first->open());
  storage::new_user alice;
  alice.username = "alice";
  alice.password_hash = "hash";
  alice.created_at = 42;
  REQUIRE(first->user_create(alice));
  auto sql = test::open_raw(store.settings);
  auto before = recorded_rows(*sql);
  // A second adapter while the first is up, then a third after it is gone.
  auto second = storage::make_adapter(store.settings);
  REQUIRE(second->open());
  first.reset();
  auto third = storage::make_adapter(store.settings);
  REQUIRE(third->open());
  CHECK(test::recorded_versions(*sql) == every_version());
  CHECK(recorded_rows(*sql) == before);
  CHECK(test::user_count(*sql) == 1);
  CHECK(third->user_by_name("alice"));
}

TEST_CASE("migrate on a migrated session is a no-op") {
  fresh_store store;
  auto db = storage::make_adapter(store.settings);
  REQUIRE(db->open());
  auto sql = test::open_raw(store.settings);
  auto before = recorded_rows(*sql);
  CHECK_NOTHROW(storage::migrate(*sql, store.settings.backend));
  CHECK_NOTHROW(storage::migrate(*sql, store.settings.backend));
  CHECK(recorded_rows(*sql) == before);
}

TEST_CASE("adapters opening a fresh store at once migrate it once") {
  fresh_store store;
  constexpr int openers = 4;
  std::vector<std::unique_ptr<storage::adapter>> dbs;
  for (int i = 0; i < openers; ++i)
    dbs.push_back(storage::make_adapter(store.settings));
  // Each thread spins until all are running, so the opens overlap.
  std::atomic<int> ready{0};
  std::vector<storage::result<void>> outcomes(openers, storage::errc::internal);
  std::vector<std::string> errors(openers);
  std::vector<std::thread> threads;
  for (int i = 0; i < openers; ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < openers) {
        // spin
      }
      outcomes[i] = dbs[i]->open();
      errors[i] = dbs[i]->last_error();
    });
  for (auto& t : threads)
    t.join();
  for (int i = 0; i < openers; ++i) {
    CAPTURE(i);
    CAPTURE(errors[i]);
    CHECK(outcomes[i]);
  }
  auto sql = test::open_raw(store.settings);
  CHECK(test::recorded_versions(*sql) == every_version());
}

TEST_CASE("open refuses a store whose schema is newer than this binary") {
  fresh_store store;
  auto sql = test::open_raw(store.settings);
  auto newer = storage::latest_schema_version() + 1;
  SUBCASE("on a store migrated to the latest version and then beyond") {
    {
      auto db = storage::make_adapter(store.settings);
      REQUIRE(db->open());
      storage::new_user alice;
      alice.username = "alice";
      alice.password_hash = "hash";
      REQUIRE(db->user_create(alice));
    }
    plant_version(*sql, newer);
    auto before = recorded_rows(*sql);
    auto db = storage::make_adapter(store.settings);
    auto opened = db->open();
    REQUIRE_FALSE(opened);
    CHECK(opened.error() == storage::errc::internal);
    CHECK(db->last_error().find("newer") != std::string::npos);
    CHECK_FALSE(db->connected());
    // Later calls do not get through either, whatever they answer.
    CHECK_FALSE(db->user_by_name("alice"));
    CHECK_FALSE(db->connected());
    CHECK(recorded_rows(*sql) == before);
    CHECK(test::user_count(*sql) == 1);
  }
  SUBCASE("on a store that holds nothing but the newer version") {
    *sql << "CREATE TABLE schema_migrations ("
            " version INTEGER NOT NULL PRIMARY KEY,"
            " description VARCHAR(200) NOT NULL,"
            " applied_at BIGINT NOT NULL)";
    plant_version(*sql, newer);
    auto before = recorded_rows(*sql);
    auto db = storage::make_adapter(store.settings);
    auto opened = db->open();
    REQUIRE_FALSE(opened);
    CHECK(opened.error() == storage::errc::internal);
    CHECK(db->last_error().find("newer") != std::string::npos);
    CHECK(recorded_rows(*sql) == before);
    // No step of the older schema ran on the newer store.
    CHECK_FALSE(test::has_table(*sql, store.settings.backend, "users"));
  }
}

TEST_CASE("migrate throws runtime_error on a schema newer than this binary") {
  fresh_store store;
  auto db = storage::make_adapter(store.settings);
  REQUIRE(db->open());
  auto sql = test::open_raw(store.settings);
  plant_version(*sql, storage::latest_schema_version() + 1);
  auto before = recorded_rows(*sql);
  CHECK_THROWS_AS(storage::migrate(*sql, store.settings.backend),
                  std::runtime_error);
  CHECK(recorded_rows(*sql) == before);
  // Nothing is left held that would stall the next node: on SQLite an open
  // transaction (BEGIN would fail), on MariaDB the named schema lock.
  if (store.settings.backend == storage::backend_kind::sqlite) {
    CHECK_NOTHROW(*sql << "BEGIN");
    CHECK_NOTHROW(*sql << "ROLLBACK");
  } else {
    int free = 0;
    *sql << "SELECT IS_FREE_LOCK('troupe_schema')", soci::into(free);
    CHECK(free == 1);
  }
}
