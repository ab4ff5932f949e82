// The domain's result: a rule's refusal or a fault of the store, and the one
// map from storage errors to protocol codes.

#include "domain/failure.hpp"

#include <fstream>
#include <string>

#include <doctest/doctest.h>

#include "domain/accounts.hpp"
#include "domain/friends.hpp"
#include "domain/messages.hpp"
#include "domain/result.hpp"
#include "tests/domain/domain_fixture.hpp"

using namespace troupe;
using protocol::error_code;
using storage::errc;
using troupe::test::fresh_store;
using troupe::test::outcome;

TEST_CASE("protocol_code maps a missing row and a conflict as named, faults "
          "as unavailable and internal") {
  using domain::protocol_code;
  CHECK(protocol_code(errc::not_found) == error_code::internal);
  CHECK(protocol_code(errc::conflict) == error_code::internal);
  CHECK(protocol_code(errc::not_found, error_code::no_such_user)
        == error_code::no_such_user);
  CHECK(protocol_code(errc::conflict, error_code::no_such_user,
                      error_code::username_taken)
        == error_code::username_taken);
  CHECK(protocol_code(errc::unavailable, error_code::no_such_user,
                      error_code::username_taken)
        == error_code::unavailable);
  CHECK(protocol_code(errc::internal, error_code::no_such_user,
                      error_code::username_taken)
        == error_code::internal);
}

TEST_CASE("from_store makes a missing row or a conflict a refusal and keeps "
          "a fault of the store a fault") {
  auto missing = domain::from_store(errc::not_found, error_code::not_friends);
  CHECK_FALSE(missing.is_store_fault());
  CHECK(missing.code() == error_code::not_friends);
  auto taken = domain::from_store(errc::conflict, error_code::internal,
                                  error_code::already_member);
  CHECK_FALSE(taken.is_store_fault());
  CHECK(taken.code() == error_code::already_member);
  // Unnamed, a missing row is the node's fault, not the store's: the worker
  // must not roll the batch back for it.
  auto unnamed = domain::from_store(errc::not_found);
  CHECK_FALSE(unnamed.is_store_fault());
  CHECK(unnamed.code() == error_code::internal);
  for (auto fault : {errc::unavailable, errc::internal}) {
    CAPTURE(storage::to_string(fault));
    auto kept = domain::from_store(fault, error_code::no_such_user,
                                   error_code::username_taken);
    REQUIRE(kept.is_store_fault());
    CHECK(kept.store_fault() == fault);
    CHECK(kept.code() == domain::protocol_code(fault));
  }
}

TEST_CASE("a result holds a value, a refusal or a fault") {
  domain::result<int> made{7};
  REQUIRE(made);
  CHECK(*made == 7);
  domain::result<int> refused{error_code::not_member};
  REQUIRE_FALSE(refused);
  CHECK(outcome(refused) == "not_member");
  domain::result<void> done;
  CHECK(outcome(done) == "ok");
  CHECK(outcome(domain::checked(errc::not_found, error_code::no_such_group))
        == "no_such_group");
  CHECK(outcome(domain::checked(errc::unavailable, error_code::no_such_group))
        == "store fault: unavailable");
}

TEST_CASE("domain calls pass a fault of the store on as a fault, whatever a "
          "missing row would mean") {
  // An SQLite file under a regular file: the store cannot be reached, on
  // either backend's run (the rules do not depend on the backend).
  fresh_store store;
  auto blocker = store.dir + "/not-a-directory";
  { std::ofstream{blocker} << "x"; }
  storage::settings s;
  s.backend = storage::backend_kind::sqlite;
  s.sqlite_path = blocker + "/troupe.db";
  auto db = storage::make_adapter(s);
  storage::id_generator ids{0};
  CHECK(outcome(domain::find_user(*db, "alice")) == "store fault: unavailable");
  CHECK(outcome(domain::create_user(*db, {"alice", "hash", {}, 1}))
        == "store fault: unavailable");
  CHECK(outcome(domain::find_presence(*db, 1, "alice"))
        == "store fault: unavailable");
  CHECK(outcome(domain::request_friend(*db, ids, 1, 1, "alice", "bob", "", 10))
        == "store fault: unavailable");
  protocol::send_command cmd;
  cmd.to = "bob";
  cmd.body = "hi";
  CHECK(outcome(domain::send_message(*db, ids, 1, 1, "alice", "r1", cmd))
        == "store fault: unavailable");
}
