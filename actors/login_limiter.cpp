#include "actors/login_limiter.hpp"

namespace troupe::actors {

namespace {

// Records of usernames nobody tries again are dropped on every this many
// attempts, so the map stays as small as the recent failures.
constexpr std::size_t sweep_every = 1024;

} // namespace

login_limiter::login_limiter(std::size_t limit, caf::timespan window)
  : limit_(limit), window_(window) {
  // nop
}

bool login_limiter::try_begin(const std::string& username, time_point now) {
  if (++calls_since_sweep_ >= sweep_every)
    sweep(now);
  auto& r = records_[username];
  forget_expired(r, now);
  if (r.failures.size() + r.in_flight >= limit_)
    return false;
  ++r.in_flight;
  return true;
}

void login_limiter::succeeded(const std::string& username) {
  records_.erase(username);
}

void login_limiter::failed(const std::string& username, time_point now) {
  auto& r = records_[username];
  if (r.in_flight > 0)
    --r.in_flight;
  r.failures.push_back(now);
}

void login_limiter::abandoned(const std::string& username) {
  end_attempt(username);
}

void login_limiter::end_attempt(const std::string& username) {
  auto i = records_.find(username);
  if (i == records_.end())
    return;
  if (i->second.in_flight > 0)
    --i->second.in_flight;
  if (i->second.in_flight == 0 && i->second.failures.empty())
    records_.erase(i);
}

void login_limiter::forget_expired(record& r, time_point now) const {
  while (!r.failures.empty() && now - r.failures.front() >= window_)
    r.failures.pop_front();
}

void login_limiter::sweep(time_point now) {
  calls_since_sweep_ = 0;
  for (auto i = records_.begin(); i != records_.end();) {
    forget_expired(i->second, now);
    if (i->second.failures.empty() && i->second.in_flight == 0)
      i = records_.erase(i);
    else
      ++i;
  }
}

} // namespace troupe::actors
