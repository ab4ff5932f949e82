#pragma once

// What the tests of the adapter's friends, messages, delivery, files and
// presence calls share: an adapter open on a fresh store, users to act as,
// and messages to store.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "storage/adapter.hpp"
#include "tests/storage/fresh_store.hpp"

namespace troupe::test {

// -- outcomes -----------------------------------------------------------------

/// Returns "ok" or the name of the error, so failures print readably (and a
/// value result never has its error read).
template <class T>
std::string outcome(const storage::result<T>& r) {
  return r ? "ok" : std::string{storage::to_string(r.error())};
}

// -- a store with users -------------------------------------------------------

/// A time in ms that looks like a real one, for `created_at` and `ts`.
constexpr std::int64_t some_ms = 1'719'000'000'000;

/// Message, push, event, file and group ids as the id generator issues
/// them: well beyond 32 bits.
constexpr std::int64_t base = std::int64_t{1} << 50;

/// Returns `base + k` for each `k`.
inline std::vector<std::int64_t> at(std::initializer_list<std::int64_t> ks) {
  std::vector<std::int64_t> out;
  for (auto k : ks)
    out.push_back(base + k);
  return out;
}

/// An adapter open on a fresh store (SQLite or MariaDB, as CTest says).
struct open_store {
  open_store() : db(storage::make_adapter(store.settings)) {
    auto up = db->open();
    INFO(db->last_error());
    REQUIRE(outcome(up) == "ok");
  }

  /// Creates the user `name` with `nickname` and returns its id.
  protocol::user_id add_user(const std::string& name,
                             const std::string& nickname = {}) {
    storage::new_user u;
    u.username = name;
    u.password_hash = "hash of " + name;
    u.profile[protocol::profile_field::nickname] = nickname;
    u.created_at = some_ms;
    auto uid = db->user_create(u);
    INFO(name, ": ", db->last_error());
    REQUIRE(outcome(uid) == "ok");
    return *uid;
  }

  /// Makes `a` and `b` friends.
  void befriend(protocol::user_id a, protocol::user_id b) {
    INFO(db->last_error());
    REQUIRE(outcome(db->friendship_create(a, b, some_ms)) == "ok");
  }

  /// Opens a batch transaction, requiring success.
  void begin() {
    INFO(db->last_error());
    REQUIRE(outcome(db->begin()) == "ok");
  }

  /// Commits the batch transaction, requiring success.
  void commit() {
    INFO(db->last_error());
    REQUIRE(outcome(db->commit()) == "ok");
  }

  /// Stores `m`, requiring success.
  void store_message(const storage::message_record& m) {
    auto stored = db->message_store(m);
    INFO("message ", m.msg_id, ": ", db->last_error());
    REQUIRE(outcome(stored) == "ok");
  }

  fresh_store store;
  std::unique_ptr<storage::adapter> db;
};

// -- records ------------------------------------------------------------------

/// Returns a text message with id `id` from `from` to `to`; its request id
/// is derived from `id`, so distinct ids never clash.
inline storage::message_record message(std::int64_t id, protocol::user_id from,
                                       protocol::user_id to,
                                       std::string body = "hi",
                                       std::int64_t ts = some_ms) {
  storage::message_record m;
  m.msg_id = id;
  m.sender_id = from;
  m.recipient_id = to;
  m.body = std::move(body);
  m.ts = ts;
  m.client_id = "req-" + std::to_string(id);
  return m;
}

/// Returns the message ids of `rows`, in their order.
inline std::vector<std::int64_t>
ids_of(const std::vector<storage::message_record>& rows) {
  std::vector<std::int64_t> out;
  for (auto& m : rows)
    out.push_back(m.msg_id);
  return out;
}

/// Returns the usernames of `rows`, in their order.
inline std::vector<std::string>
names_of(const std::vector<storage::friend_record>& rows) {
  std::vector<std::string> out;
  for (auto& f : rows)
    out.push_back(f.username);
  return out;
}

/// Returns the index of the first byte where `a` and `b` differ, or
/// `std::string::npos` when they are equal: a failure then names the spot
/// instead of printing megabytes.
inline std::size_t first_difference(const std::string& a,
                                    const std::string& b) {
  auto n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i])
      return i;
  return a.size() == b.size() ? std::string::npos : n;
}

} // namespace troupe::test

// -- printing -----------------------------------------------------------------

namespace doctest {

/// Prints id lists as `{1, 2, 3}` when a comparison fails.
template <>
struct StringMaker<std::vector<std::int64_t>> {
  static String convert(const std::vector<std::int64_t>& xs) {
    std::string out = "{";
    for (std::size_t i = 0; i < xs.size(); ++i)
      out += (i > 0 ? ", " : "") + std::to_string(xs[i]);
    return (out + "}").c_str();
  }
};

/// Prints name lists as `{"ann", "bob"}` when a comparison fails.
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& xs) {
    std::string out = "{";
    for (std::size_t i = 0; i < xs.size(); ++i)
      out += (i > 0 ? ", \"" : "\"") + xs[i] + "\"";
    return (out + "}").c_str();
  }
};

} // namespace doctest
