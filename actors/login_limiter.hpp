#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "actors/context.hpp"
#include "actors/windowed_counts.hpp"

namespace troupe::actors {

/// Limits failed logins the way a stranger cannot turn against a user: by
/// source address, and by username only where the user is not.
///
/// Within `auth.login_failure_window` it counts failures
/// - per (address, username): `auth.login_failure_limit` refuses that
///   username from that address (guessing one account from one place);
/// - per address: `auth.address_failure_limit` refuses every username from
///   it (one place trying many accounts);
/// - per username: `auth.username_failure_limit` (0: none) refuses the
///   username from every address it has not logged in from within
///   `auth.trusted_login_ttl` (many places guessing one account, while its
///   owner still gets in from where they logged in before).
///
/// Attempts still being checked count as failures-to-be, so parallel
/// guesses cannot slip past a limit; for an address, only once it has a
/// failure in its window, so that many users behind one NAT may log in at
/// once (the first wave of a guesser is bounded by `auth.max_hash_queue`). A
/// success clears its (address, username) count only: successes with one
/// account of one's own do not reset the address's count. Memory is bounded:
/// each table keeps at most `auth.max_tracked_failures` keys, dropping the
/// oldest window first. Callers pass valid usernames only (3 to 32 characters),
/// so no key is larger than an address and a username.
class login_limiter {
 public:
  using time_point = windowed_counts::time_point;

  /// Which limit refused an attempt.
  enum class refusal {
    address,
    address_and_username,
    username,
  };

  explicit login_limiter(const auth_settings& settings);

  /// Returns the limit that refuses a login of `username` from `address` at
  /// `now`, or none; when none, the attempt counts as in flight until
  /// `succeeded`, `failed` or `abandoned`. A refused attempt is not stored.
  std::optional<refusal> try_begin(const std::string& address,
                                   const std::string& username, time_point now);

  void succeeded(const std::string& address, const std::string& username,
                 time_point now);

  void failed(const std::string& address, const std::string& username,
              time_point now);

  /// Ends an attempt that could not be decided (e.g. storage was down).
  void abandoned(const std::string& address, const std::string& username,
                 time_point now);

  /// Returns how many keys the limiter holds (failure counts and trusted
  /// logins).
  std::size_t tracked() const { return failures_.size() + trusted_.size(); }

 private:
  /// The keys of one attempt in `failures_`; `pair` keys `trusted_` too.
  struct keys {
    std::string address;
    std::string pair;
    std::string username;
  };

  static keys keys_of(const std::string& address, const std::string& username);

  void settle(const keys& k, bool failed, time_point now);

  std::size_t per_pair_;
  std::size_t per_address_;
  std::size_t per_username_;
  windowed_counts failures_;
  /// (address, username) pairs that logged in, within the trust window.
  windowed_counts trusted_;
};

/// Returns the text a refusal answers with (code `rate_limited`).
const char* describe(login_limiter::refusal why);

} // namespace troupe::actors
