#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <caf/meta/type_name.hpp>

#include "actors/serialization.hpp"
#include "protocol/ids.hpp"

// The values the directory passes around. Each may cross nodes once they
// form a cluster, so each has an `inspect` (see message_registry.hpp).

namespace troupe::actors {

/// A push on its way to a session, encoded once for every recipient.
struct push_envelope {
  /// The push's id; 0 for pushes that are not acknowledged (`presence`).
  std::int64_t push_id = 0;
  /// Shared by every recipient on the node; crosses nodes as its text.
  std::shared_ptr<const std::string> frame;
  /// The group whose stream holds the push: acknowledging it moves the
  /// member's position there. 0 for a push of the user's own.
  std::int64_t group_id = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, push_envelope& x) {
  return f(caf::meta::type_name("push_envelope"), x.push_id,
           wire::shared_value<std::string>{x.frame}, x.group_id);
}

/// The members of a group, shared by its actor with the directory for a
/// fan-out (the group actor copies the set before changing it while
/// shared); crosses nodes as a list.
struct member_set {
  std::shared_ptr<const std::unordered_set<protocol::user_id>> ids;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, member_set& x) {
  std::vector<protocol::user_id> ids;
  if constexpr (Inspector::reads_state)
    if (x.ids)
      ids.assign(x.ids->begin(), x.ids->end());
  return f(caf::meta::type_name("member_set"), ids,
           caf::meta::load_callback([&]() -> caf::error {
             x.ids = std::make_shared<std::unordered_set<protocol::user_id>>(
               ids.begin(), ids.end());
             return caf::none;
           }));
}

/// Users to look up, for `(online, user_list)`.
struct user_list {
  std::vector<protocol::user_id> uids;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user_list& x) {
  return f(caf::meta::type_name("user_list"), x.uids);
}

/// Where a session's socket comes from, for `friends` with
/// `presence.share_address`.
struct session_address {
  bool online = false;
  std::string ip;
  std::uint16_t port = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, session_address& x) {
  return f(caf::meta::type_name("session_address"), x.online, x.ip, x.port);
}

} // namespace troupe::actors
