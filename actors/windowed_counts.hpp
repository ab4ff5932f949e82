#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

#include <caf/actor_clock.hpp>
#include <caf/timespan.hpp>

namespace troupe::actors {

/// Counts events per key in fixed windows: a key's window opens with its
/// first event and closes `window` later; the next event opens a new one.
/// An event may be pending (begun, its outcome not known yet): it counts
/// until it is settled, so parallel attempts cannot slip past a limit.
///
/// The table holds at most `capacity` keys whatever it is fed: a new key
/// past it drops the key whose window opened first. Keys are kept in the
/// order their windows opened, so closed windows are dropped from the front
/// as time goes on and eviction is O(1). Callers pass a `now` that never
/// goes back (the actor clock is steady).
class windowed_counts {
 public:
  using time_point = caf::actor_clock::time_point;

  windowed_counts(std::size_t capacity, caf::timespan window);

  /// Returns the events of `key` in its open window, pending ones included;
  /// 0 for a key without an open window.
  std::size_t count(std::string_view key, time_point now) const;

  /// Returns whether `key` has an open window with a settled event.
  bool contains(std::string_view key, time_point now) const;

  /// Counts a settled event of `key` at `now`.
  void add(std::string_view key, time_point now);

  /// Counts a pending event of `key` at `now`; `settle` ends it.
  void begin(std::string_view key, time_point now);

  /// Ends a pending event of `key`: `counted` keeps it in the window (a
  /// failure), otherwise it is forgotten (a success, or no outcome).
  void settle(std::string_view key, bool counted, time_point now);

  /// Forgets `key`.
  void erase(std::string_view key);

  /// Returns how many keys the table holds.
  std::size_t size() const { return index_.size(); }

 private:
  struct entry {
    std::string key;
    time_point opened;
    std::uint32_t settled = 0;
    std::uint32_t pending = 0;
  };

  using entry_list = std::list<entry>;

  bool is_open(const entry& e, time_point now) const {
    return now - e.opened < window_;
  }

  /// Drops closed windows from the front; keys with pending events get a
  /// fresh window instead.
  void drop_closed(time_point now);

  /// Returns the entry of `key` with an open window, making one (and room
  /// for it) when needed.
  entry& open_entry(std::string_view key, time_point now);

  /// Starts a new window for `e` at `now`, moving it to the back.
  void reopen(entry_list::iterator e, time_point now);

  void erase(entry_list::iterator e);

  std::size_t capacity_;
  caf::timespan window_;
  /// Oldest window first.
  entry_list entries_;
  /// Views into the keys `entries_` holds (list nodes never move).
  std::unordered_map<std::string_view, entry_list::iterator> index_;
};

} // namespace troupe::actors
