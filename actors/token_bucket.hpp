#pragma once

#include <cstddef>

#include <caf/actor_clock.hpp>
#include <caf/timespan.hpp>

namespace troupe::actors {

/// A budget of events: `rate` tokens a second are earned, at most `burst`
/// saved up, one spent per event. It starts full. A rate of 0 or less is no
/// budget at all: it is always ready.
class token_bucket {
 public:
  using time_point = caf::actor_clock::time_point;

  token_bucket() = default;

  token_bucket(double rate, std::size_t burst);

  /// Returns whether a token is there at `now`, earning what time gave.
  bool ready(time_point now);

  /// Spends a token; call after `ready` said yes.
  void spend();

  /// Returns how long after `now` (the time of the last `ready`) the next
  /// token is there; 0 when it is.
  caf::timespan until_ready() const;

 private:
  double rate_ = 0;
  double burst_ = 0;
  double tokens_ = 0;
  time_point earned_until_{};
  bool started_ = false;
};

} // namespace troupe::actors
