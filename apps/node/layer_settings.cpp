#include "apps/node/node_config.hpp"

#include <sstream>
#include <string>

#include "apps/node/config_text.hpp"
#include "protocol/password.hpp"

// The settings each layer takes, from the options.

namespace troupe::node {

namespace {

/// Returns how many hashes one thread finishes in about 5 s at `cost`
/// (libsodium's presets take ~0.15 s, ~0.7 s and ~3.5 s on one core): the
/// default bound of the hashing queue, so that a login waits at most that
/// long behind it.
std::size_t hash_jobs_in_5s(protocol::hash_cost cost) {
  switch (cost) {
    case protocol::hash_cost::minimal: return 256;
    case protocol::hash_cost::interactive: return 32;
    case protocol::hash_cost::moderate: return 8;
    case protocol::hash_cost::sensitive: return 2;
  }
  return 1;
}

} // namespace

// -- the settings each layer takes --------------------------------------------

net::settings node_config::net_settings() const {
  net::settings s;
  s.host = net_host;
  s.port = net_port;
  s.io_threads = static_cast<unsigned>(net_io_threads);
  s.max_frame_bytes = max_frame_bytes;
  s.max_write_queue_bytes = net_max_write_queue_bytes;
  s.http_timeout
    = std::chrono::duration_cast<std::chrono::seconds>(net_http_timeout);
  s.write_timeout
    = std::chrono::duration_cast<std::chrono::seconds>(net_write_timeout);
  s.initial_read_window = max_inflight_before_login;
  s.max_connections = net_max_connections;
  s.max_connections_per_address = net_max_connections_per_address;
  std::stringstream proxies{net_trusted_proxies};
  for (std::string proxy; std::getline(proxies, proxy, ',');)
    if (auto address = config_text::trim(proxy); !address.empty())
      s.trusted_proxies.push_back(address);
  return s;
}

storage::settings node_config::storage_settings() const {
  using std::chrono::duration_cast;
  storage::settings s;
  s.backend = *storage::backend_from_string(storage_backend);
  s.sqlite_path = sqlite_path;
  s.sqlite_full_sync = sqlite_synchronous == "full";
  s.sqlite_journal_size_limit
    = static_cast<std::int64_t>(sqlite_journal_size_limit);
  s.mariadb_host = mariadb_host;
  s.mariadb_port = mariadb_port;
  s.mariadb_socket = mariadb_socket;
  s.mariadb_user = mariadb_user;
  s.mariadb_password = mariadb_password;
  s.mariadb_database = mariadb_database;
  s.connect_timeout = duration_cast<std::chrono::seconds>(connect_timeout);
  s.io_timeout = duration_cast<std::chrono::seconds>(io_timeout);
  s.reconnect_interval
    = duration_cast<std::chrono::milliseconds>(reconnect_interval);
  return s;
}

actors::supervisor_settings node_config::supervisor_settings() const {
  return {max_restarts, restart_window, backoff_initial, backoff_max};
}

actors::session_settings node_config::session_settings() const {
  actors::session_settings s;
  s.max_bad_frames = max_bad_frames;
  s.heartbeat_check_interval = heartbeat_check_interval;
  s.heartbeat_timeout = heartbeat_timeout;
  s.token_ttl = std::chrono::duration_cast<std::chrono::seconds>(token_ttl);
  s.max_inflight_requests = max_inflight_requests;
  s.login_timeout = net_login_timeout;
  s.request_rate = static_cast<double>(request_rate);
  s.request_burst = request_burst;
  s.send_rate = static_cast<double>(send_rate);
  s.send_burst = send_burst;
  return s;
}

actors::delivery_settings node_config::delivery_settings() const {
  actors::delivery_settings s;
  s.resend_interval = resend_interval;
  s.max_pending_acks = max_pending_acks;
  return s;
}

actors::group_settings node_config::group_settings() const {
  actors::group_settings s;
  s.max_members = max_group_members;
  s.idle_stop = group_idle_stop;
  return s;
}

cluster::settings node_config::cluster_settings() const {
  cluster::settings s;
  s.node_id = static_cast<std::uint32_t>(node_id);
  s.host = cluster_host;
  s.port = cluster_port;
  s.lease = cluster_lease;
  s.dial_timeout = cluster_dial_timeout;
  s.secret = auth_secret;
  s.tls = cluster_tls();
  return s;
}

cluster::tls_files node_config::cluster_tls_files() const {
  return {cluster_tls_certificate, cluster_tls_key, cluster_tls_passphrase,
          cluster_tls_ca};
}

actors::auth_settings node_config::auth_settings() const {
  actors::auth_settings s;
  s.hash_cost = *protocol::hash_cost_from_string(password_hash);
  s.login_failure_limit = login_failure_limit;
  s.address_failure_limit = address_failure_limit;
  s.username_failure_limit = username_failure_limit;
  s.login_failure_window = login_failure_window;
  s.trusted_login_ttl = trusted_login_ttl;
  s.max_tracked_failures = max_tracked_failures;
  s.max_hash_queue = max_hash_queue > 0
                       ? max_hash_queue
                       : hash_threads * hash_jobs_in_5s(s.hash_cost);
  s.registrations_per_minute = registrations_per_minute;
  return s;
}

} // namespace troupe::node
