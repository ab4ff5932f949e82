#include "actors/windowed_counts.hpp"

namespace troupe::actors {

windowed_counts::windowed_counts(std::size_t capacity, caf::timespan window)
  : capacity_(capacity), window_(window) {
  // nop
}

std::size_t windowed_counts::count(std::string_view key, time_point now) const {
  auto i = index_.find(key);
  if (i == index_.end())
    return 0;
  auto& e = *i->second;
  // Pending events outlive a closed window: they count in the next one.
  return is_open(e, now) ? e.settled + e.pending : e.pending;
}

bool windowed_counts::contains(std::string_view key, time_point now) const {
  auto i = index_.find(key);
  return i != index_.end() && i->second->settled > 0
         && is_open(*i->second, now);
}

void windowed_counts::add(std::string_view key, time_point now) {
  ++open_entry(key, now).settled;
}

void windowed_counts::begin(std::string_view key, time_point now) {
  ++open_entry(key, now).pending;
}

void windowed_counts::settle(std::string_view key, bool counted,
                             time_point now) {
  drop_closed(now);
  auto i = index_.find(key);
  if (i == index_.end()) {
    // Evicted while pending: a failure still counts, in a window of its own.
    if (counted)
      add(key, now);
    return;
  }
  auto e = i->second;
  if (e->pending > 0)
    --e->pending;
  if (counted)
    ++e->settled;
  if (e->settled == 0 && e->pending == 0)
    erase(e);
}

void windowed_counts::erase(std::string_view key) {
  auto i = index_.find(key);
  if (i != index_.end())
    erase(i->second);
}

void windowed_counts::drop_closed(time_point now) {
  while (!entries_.empty() && !is_open(entries_.front(), now)) {
    auto front = entries_.begin();
    if (front->pending == 0)
      erase(front);
    else
      reopen(front, now);
  }
}

windowed_counts::entry& windowed_counts::open_entry(std::string_view key,
                                                    time_point now) {
  // Every window left after this is open.
  drop_closed(now);
  if (auto i = index_.find(key); i != index_.end())
    return *i->second;
  if (index_.size() >= capacity_ && !entries_.empty())
    erase(entries_.begin());
  auto& e = entries_.emplace_back();
  e.key = std::string{key};
  e.opened = now;
  index_.emplace(e.key, std::prev(entries_.end()));
  return e;
}

void windowed_counts::reopen(entry_list::iterator e, time_point now) {
  e->opened = now;
  e->settled = 0;
  entries_.splice(entries_.end(), entries_, e);
}

void windowed_counts::erase(entry_list::iterator e) {
  index_.erase(e->key);
  entries_.erase(e);
}

} // namespace troupe::actors
