#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <caf/timespan.hpp>

#include "protocol/limits.hpp"
#include "protocol/password.hpp"
#include "protocol/token.hpp"
#include "storage/id_generator.hpp"
#include "telemetry/metrics.hpp"

namespace troupe::actors {

using namespace std::chrono_literals;

/// How sessions behave, from `[limits]`, `[heartbeat]` and `[auth]`.
struct session_settings {
  /// Bad frames in a row a session tolerates; one more closes it.
  std::size_t max_bad_frames = 20;
  /// Shortest time between two idle checks of one session.
  caf::timespan heartbeat_check_interval = 5s;
  /// A session without any frame for this long is closed.
  caf::timespan heartbeat_timeout = 120s;
  /// Lifetime of the tokens `token` and `POST /api/token` issue.
  std::chrono::seconds token_ttl{120};
  /// Requests a logged-in session may have unanswered; past it the socket
  /// is not read until one is answered.
  std::size_t max_inflight_requests = 32;
  /// A socket that has not logged in this long after it opened is closed.
  caf::timespan login_timeout = 30s;
  /// Requests (all but `ack`) a session may make per second, on average,
  /// and in one burst; past them they wait (`actors/request_pacing`). A
  /// rate of 0 lifts the budget.
  double request_rate = 100;
  std::size_t request_burst = 200;
  /// The same for messages (`send`, `group_send`, `friend_request`).
  double send_rate = 20;
  std::size_t send_burst = 50;
};

/// How pushes reach their recipients, from `[delivery]` and `[limits]`.
struct delivery_settings {
  /// Time before an unacknowledged push is sent again.
  caf::timespan resend_interval = 15s;
  /// Pushes a session may have unacknowledged; past it the session is
  /// closed as too slow (its pushes stay stored for its next login).
  std::size_t max_pending_acks = 1000;
};

/// How groups behave, from `[groups]` and `[limits]`.
struct group_settings {
  /// Most members a group may have; `group_add` past it answers
  /// `group_full`.
  std::size_t max_members = 10000;
  /// A group actor without requests for this long stops; the next request
  /// starts it again.
  caf::timespan idle_stop = 5min;
};

/// How logins and registrations are checked, from `[auth]` (see
/// `login_limiter` for how the failure limits work together).
struct auth_settings {
  protocol::hash_cost hash_cost = protocol::hash_cost::interactive;
  /// Failed logins of one username from one address within
  /// `login_failure_window` after which that address's logins of it answer
  /// `rate_limited`.
  std::size_t login_failure_limit = 5;
  /// Failed logins from one address, whatever the usernames, after which
  /// its logins answer `rate_limited`.
  std::size_t address_failure_limit = 20;
  /// Failed logins of one username from all addresses after which it
  /// answers `rate_limited` to addresses it has not logged in from within
  /// `trusted_login_ttl`; 0: no such limit.
  std::size_t username_failure_limit = 100;
  caf::timespan login_failure_window = 5min;
  caf::timespan trusted_login_ttl = 720h;
  /// Most keys each table of the login limiter (and the registration
  /// counts) holds; past it the oldest window is dropped.
  std::size_t max_tracked_failures = 100000;
  /// Password hashes and checks waiting or running, over all hashing
  /// workers; past it logins answer `rate_limited` and registrations
  /// `unavailable` at once, without hashing.
  std::size_t max_hash_queue = 32;
  /// Registrations one address may try per minute; past it `unavailable`.
  std::size_t registrations_per_minute = 10;
};

/// What the node's actors share, fixed at start.
struct node_context {
  explicit node_context(std::string token_secret)
    : tokens(std::move(token_secret)) {
    // nop
  }

  protocol::limits limits;
  session_settings session;
  delivery_settings delivery;
  group_settings groups;
  auth_settings auth;
  protocol::token_signer tokens;
  /// Issues message, push and file ids; shared by the node's actors.
  std::shared_ptr<storage::id_generator> ids
    = std::make_shared<storage::id_generator>(0);
  /// The instruments `GET /metrics` reads; the node's actors move them.
  telemetry::metrics_ptr metrics = std::make_shared<telemetry::node_metrics>();
  /// This node's number in its cluster; none for a node alone.
  std::optional<std::uint32_t> cluster_node;
  /// `X-Admin-Key` of the admin API; the API answers 401 while empty.
  std::string admin_key;
  /// Whether `friends` shows friends' IP address and port.
  bool share_address = false;
  /// Pending friend requests a user may have incoming, and as many
  /// outgoing; a new one past it withdraws the oldest.
  std::size_t max_pending_friend_requests = 100;
  /// Largest upload to `POST /api/files`.
  std::size_t max_file_bytes = 8 * 1024 * 1024;
  /// Bytes of files one user may have stored; 0: no quota.
  std::uint64_t user_file_quota = 256 * 1024 * 1024;
  /// How many persistence workers run; requests are spread by key.
  std::size_t persistence_workers = 1;
  /// How many password hashing workers run.
  std::size_t hasher_workers = 1;
  /// How long an actor waits for another's answer before it answers the
  /// client `unavailable`.
  caf::timespan request_timeout = 30s;
  /// Largest JSON body of an HTTP call.
  std::size_t max_http_body_bytes = 65536;
};

using context_ptr = std::shared_ptr<const node_context>;

} // namespace troupe::actors
