#pragma once

#include <cstdint>
#include <string>

#include <caf/meta/type_name.hpp>

#include "actors/push_envelope.hpp"
#include "protocol/ids.hpp"

// What the directories of a cluster's nodes tell each other about where
// users' sessions are. Each crosses nodes, so each has an `inspect`.

namespace troupe::actors {

/// A node of the cluster, as `node.id` numbers it (0 to 31, unique among
/// the live nodes: the lease in storage sees to it).
using node_number = std::uint32_t;

/// A user's live session on another node, as that node's directory
/// announced it.
struct remote_session {
  protocol::user_id uid = 0;
  /// When the session authenticated (ns since the epoch): the later login
  /// wins across nodes as within one.
  std::int64_t login_time = 0;
  session_address address;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, remote_session& x) {
  return f(caf::meta::type_name("remote_session"), x.uid, x.login_time,
           x.address);
}

/// A directory's answer to another node's attach of one of its users.
struct attach_verdict {
  /// A later login of the user holds the user's session here: the session
  /// that attached there must close as replaced.
  bool stale = false;
  /// A session of the user here was replaced, and has handed over (its
  /// acknowledgements are stored).
  bool replaced = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, attach_verdict& x) {
  return f(caf::meta::type_name("attach_verdict"), x.stale, x.replaced);
}

} // namespace troupe::actors
