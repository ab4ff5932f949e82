#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>

#include <caf/actor_clock.hpp>
#include <caf/timespan.hpp>

namespace troupe::actors {

/// Counts failed logins per username and refuses further attempts once
/// `limit` failures fall within `window`. Attempts still being checked count
/// as failures-to-be, so parallel guesses cannot slip past the limit. A
/// success clears the username's record.
class login_limiter {
public:
  using time_point = caf::actor_clock::time_point;

  login_limiter(std::size_t limit, caf::timespan window);

  /// Returns whether `username` may try a login at `now`; if so the attempt
  /// counts as in flight until `succeeded`, `failed` or `abandoned`.
  bool try_begin(const std::string& username, time_point now);

  void succeeded(const std::string& username);

  void failed(const std::string& username, time_point now);

  /// Ends an attempt that could not be decided (e.g. storage was down).
  void abandoned(const std::string& username);

  /// Returns how many usernames have a record.
  std::size_t tracked() const {
    return records_.size();
  }

private:
  struct record {
    std::deque<time_point> failures;
    std::size_t in_flight = 0;
  };

  void forget_expired(record& r, time_point now) const;

  /// Drops every record with nothing left to remember.
  void sweep(time_point now);

  void end_attempt(const std::string& username);

  std::size_t limit_;
  caf::timespan window_;
  std::unordered_map<std::string, record> records_;
  std::size_t calls_since_sweep_ = 0;
};

} // namespace troupe::actors
