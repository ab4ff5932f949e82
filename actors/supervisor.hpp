#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_cast.hpp>
#include <caf/actor_clock.hpp>
#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/timespan.hpp>

#include "actors/services.hpp"

namespace troupe::actors {

/// One child the supervisor keeps running.
struct child_spec {
  /// The registry name the live child is found under.
  caf::atom_value name;
  /// Starts the child; called again after each failure.
  std::function<caf::actor(caf::local_actor* parent)> start;
};

/// Returns the spec of the child registered as `name`, started by `start`
/// (`caf::local_actor* parent` → the child's handle). What `start` spawns
/// must have the interface that `lookup(name)` promises.
template <class Handle, class Start>
child_spec supervised(names::service<Handle> name, Start start) {
  return {name.name, [start](caf::local_actor* parent) {
            Handle child = start(parent);
            return caf::actor_cast<caf::actor>(std::move(child));
          }};
}

/// Restart policy, from `[supervisor]` (OTP's one_for_one intensity).
struct supervisor_settings {
  /// More restarts than this within `restart_window` and the supervisor
  /// gives up and stops.
  std::size_t max_restarts = 5;
  caf::timespan restart_window = std::chrono::seconds{60};
  /// Delay before the first restart of a child; doubled for each further
  /// failure of that child within the window.
  caf::timespan backoff_initial = std::chrono::milliseconds{100};
  caf::timespan backoff_max = std::chrono::seconds{10};
};

struct supervisor_state {
  struct child {
    child_spec spec;
    /// Invalid while the child is down.
    caf::actor handle;
    /// Failures of this child in a row, each within the window of the last.
    std::size_t failures = 0;
    caf::actor_clock::time_point last_failure{};
  };

  std::vector<child> children;
  supervisor_settings settings;
  /// Times of the restarts within the window, oldest first.
  std::deque<caf::actor_clock::time_point> restarts;
  bool stopping = false;
  /// Why the supervisor quits once every child is down.
  caf::error stop_reason;
  static inline const char* name = "supervisor";
};

/// Returns the delay before restarting a child for its `failures`-th time in
/// a row: `backoff_initial * 2^(failures - 1)`, at most `backoff_max`.
caf::timespan restart_backoff(const supervisor_settings& s,
                              std::size_t failures);

/// Starts every child of `specs`, registers each under its name and restarts
/// any that stops, after a growing backoff. Past the restart intensity it
/// stops every child and quits with `supervisor_errc::gave_up`. An exit
/// message (the node stopping) stops the children and then the supervisor.
/// (`supervisor_actor`.)
supervisor_actor::behavior_type
supervisor(supervisor_actor::stateful_pointer<supervisor_state> self,
           std::vector<child_spec> specs, supervisor_settings settings);

} // namespace troupe::actors
