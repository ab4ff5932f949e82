#include "actors/supervisor.hpp"

#include <algorithm>

#include <caf/actor_registry.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "telemetry/log.hpp"

namespace troupe::actors {

namespace {

using self_ptr = supervisor_actor::stateful_pointer<supervisor_state>;

std::string child_name(const supervisor_state::child& c) {
  return caf::to_string(c.spec.name);
}

void start_child(self_ptr self, std::size_t index) {
  auto& c = self->state.children[index];
  c.handle = c.spec.start(self);
  self->monitor(c.handle);
  // put() keeps an existing entry, so clear the name first.
  auto& registry = self->system().registry();
  registry.erase(c.spec.name);
  registry.put(c.spec.name, c.handle);
}

bool all_down(self_ptr self) {
  auto& cs = self->state.children;
  return std::none_of(cs.begin(), cs.end(),
                      [](auto& c) { return static_cast<bool>(c.handle); });
}

/// Stops every child; the supervisor quits with `reason` once all are down.
void stop_children(self_ptr self, const caf::error& reason) {
  auto& st = self->state;
  st.stopping = true;
  st.stop_reason = reason;
  for (auto& c : st.children)
    if (c.handle)
      self->send_exit(c.handle, caf::exit_reason::user_shutdown);
  if (all_down(self))
    self->quit(reason);
}

/// Counts a restart; returns false when it breaks the restart intensity.
bool admit_restart(self_ptr self, caf::actor_clock::time_point now) {
  auto& st = self->state;
  st.restarts.push_back(now);
  while (!st.restarts.empty()
         && now - st.restarts.front() >= st.settings.restart_window)
    st.restarts.pop_front();
  return st.restarts.size() <= st.settings.max_restarts;
}

void on_child_down(self_ptr self, std::size_t index, const caf::error& why) {
  auto& st = self->state;
  auto& c = st.children[index];
  c.handle = nullptr;
  auto& registry = self->system().registry();
  registry.erase(c.spec.name);
  if (st.stopping) {
    if (all_down(self))
      self->quit(st.stop_reason);
    return;
  }
  auto now = self->clock().now();
  if (!admit_restart(self, now)) {
    telemetry::log_error(
      "supervisor: " + child_name(c) + " stopped (" + describe(why)
      + "); more than " + std::to_string(st.settings.max_restarts)
      + " restarts within "
      + telemetry::format_duration(st.settings.restart_window)
      + ", giving up and stopping the node");
    stop_children(self, caf::make_error(supervisor_errc::gave_up));
    return;
  }
  c.failures
    = c.failures > 0 && now - c.last_failure < st.settings.restart_window
        ? c.failures + 1
        : 1;
  c.last_failure = now;
  auto delay = restart_backoff(st.settings, c.failures);
  telemetry::log_warning("supervisor: " + child_name(c) + " stopped ("
                         + describe(why) + "), restarting in "
                         + telemetry::format_duration(delay));
  self->delayed_send(self, delay, atoms::restart_atom_v, index);
}

} // namespace

caf::timespan restart_backoff(const supervisor_settings& s,
                              std::size_t failures) {
  auto delay = s.backoff_initial;
  for (std::size_t i = 1; i < failures && delay < s.backoff_max; ++i)
    delay *= 2;
  return std::min(delay, s.backoff_max);
}

supervisor_actor::behavior_type
supervisor(supervisor_actor::stateful_pointer<supervisor_state> self,
           std::vector<child_spec> specs, supervisor_settings settings) {
  auto& st = self->state;
  st.settings = settings;
  for (auto& spec : specs)
    st.children.push_back({std::move(spec), nullptr, 0, {}});
  for (std::size_t i = 0; i < st.children.size(); ++i)
    start_child(self, i);
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& cs = self->state.children;
    for (std::size_t i = 0; i < cs.size(); ++i)
      if (cs[i].handle && cs[i].handle.address() == dm.source)
        return on_child_down(self, i, dm.reason);
  });
  self->set_exit_handler(
    [self](caf::exit_msg& em) { stop_children(self, em.reason); });
  return {
    // Answered once every child started: callers can wait for the tree.
    [](caf::get_atom) { return caf::ok_atom_v; },
    [self](atoms::restart_atom, std::size_t index) {
      auto& st = self->state;
      if (!st.stopping && index < st.children.size()
          && !st.children[index].handle)
        start_child(self, index);
    },
  };
}

} // namespace troupe::actors
