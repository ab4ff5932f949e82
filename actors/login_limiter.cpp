#include "actors/login_limiter.hpp"

namespace troupe::actors {

login_limiter::login_limiter(const auth_settings& settings)
  : per_pair_(settings.login_failure_limit),
    per_address_(settings.address_failure_limit),
    per_username_(settings.username_failure_limit),
    failures_(settings.max_tracked_failures, settings.login_failure_window),
    trusted_(settings.max_tracked_failures, settings.trusted_login_ttl) {
  // nop
}

login_limiter::keys login_limiter::keys_of(const std::string& address,
                                           const std::string& username) {
  // One table for three kinds of key: a prefix keeps them apart, and a
  // space (in no address and no username) splits the pair.
  return {"a " + address, "p " + address + " " + username, "u " + username};
}

std::optional<login_limiter::refusal>
login_limiter::try_begin(const std::string& address,
                         const std::string& username, time_point now) {
  auto k = keys_of(address, username);
  // Logins in flight count against an address only once it has failed
  // within the window: many users behind one NAT may log in at once (a
  // reconnect storm after a restart), and a guesser's first wave is bounded
  // by the hashing queue.
  if (failures_.contains(k.address, now)
      && failures_.count(k.address, now) >= per_address_)
    return refusal::address;
  if (failures_.count(k.pair, now) >= per_pair_)
    return refusal::address_and_username;
  if (per_username_ > 0 && failures_.count(k.username, now) >= per_username_
      && !trusted_.contains(k.pair, now))
    return refusal::username;
  failures_.begin(k.address, now);
  failures_.begin(k.pair, now);
  failures_.begin(k.username, now);
  return std::nullopt;
}

void login_limiter::succeeded(const std::string& address,
                              const std::string& username, time_point now) {
  auto k = keys_of(address, username);
  settle(k, false, now);
  failures_.erase(k.pair);
  // A fresh trust window from this login on.
  trusted_.erase(k.pair);
  trusted_.add(k.pair, now);
}

void login_limiter::failed(const std::string& address,
                           const std::string& username, time_point now) {
  settle(keys_of(address, username), true, now);
}

void login_limiter::abandoned(const std::string& address,
                              const std::string& username, time_point now) {
  settle(keys_of(address, username), false, now);
}

void login_limiter::settle(const keys& k, bool failed, time_point now) {
  failures_.settle(k.address, failed, now);
  failures_.settle(k.pair, failed, now);
  failures_.settle(k.username, failed, now);
}

const char* describe(login_limiter::refusal why) {
  switch (why) {
    case login_limiter::refusal::address:
      return "too many failed logins from this address; try again later";
    case login_limiter::refusal::address_and_username:
      return "too many failed logins for this username from this address; "
             "try again later";
    case login_limiter::refusal::username:
      return "too many failed logins for this username; try again later, or "
             "from an address it logged in from before";
  }
  return "too many attempts, try again later";
}

} // namespace troupe::actors
