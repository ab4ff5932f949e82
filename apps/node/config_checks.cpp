#include "apps/node/node_config.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>

#include "protocol/password.hpp"
#include "storage/id_generator.hpp"
#include "telemetry/log.hpp"

// Checking the options' values: a node with a bad one does not start.

namespace troupe::node {

namespace {

bool positive(caf::timespan t) {
  return t.count() > 0;
}

/// A rule an option's value must meet, and what to say when it does not.
struct check {
  bool ok;
  const char* message;
};

} // namespace

std::string node_config::validate() const {
  // CAF keeps unknown keys and silently drops values of the wrong type.
  for (auto& [section, value] : content) {
    auto* keys = caf::get_if<caf::settings>(&value);
    if (keys == nullptr)
      return "unknown option '" + section + "'";
    for (auto& [key, ignored] : *keys)
      if (known_.count(section + "." + key) == 0
          && custom_options_.qualified_name_lookup(section + "." + key)
               == nullptr)
        return "unknown option '" + section + "." + key + "'";
  }
  for (auto& [name, line] : set_keys_) {
    if (caf::get_if(&content, name) == nullptr)
      return origin(line) + ": bad value for '" + name + "'";
  }
  const check checks[] = {
    {node_id < storage::id_generator::max_nodes, "node.id must be 0 to 31"},
    {actor_threads >= 1 && actor_threads <= 256,
     "node.actor_threads must be 1 to 256"},
    {telemetry::log_level_from_string(log_level).has_value(),
     "node.log_level must be debug, info, warning or error"},
    {net_io_threads >= 1 && net_io_threads <= 256,
     "net.io_threads must be 1 to 256"},
    {net_max_write_queue_bytes >= max_frame_bytes,
     "net.max_write_queue_bytes must be at least limits.max_frame_bytes"},
    {positive(net_http_timeout), "net.http_timeout must be positive"},
    {net_write_timeout >= 1s, "net.write_timeout must be at least 1s"},
    {net_login_timeout >= 1s, "net.login_timeout must be at least 1s"},
    {storage::backend_from_string(storage_backend).has_value(),
     "storage.backend must be sqlite or mariadb"},
    {!sqlite_path.empty(), "storage.sqlite_path must not be empty"},
    {sqlite_synchronous == "full" || sqlite_synchronous == "normal",
     "storage.sqlite_synchronous must be full or normal"},
    {pool_size >= 1 && pool_size <= 64, "storage.pool_size must be 1 to 64"},
    {max_batch >= 1, "storage.max_batch must be at least 1"},
    {connect_timeout >= 1s, "storage.connect_timeout must be at least 1s"},
    {io_timeout >= 1s, "storage.io_timeout must be at least 1s"},
    {positive(reconnect_interval),
     "storage.reconnect_interval must be positive"},
    {token_ttl >= 1s, "auth.token_ttl must be at least 1s"},
    {login_failure_limit >= 1, "auth.login_failure_limit must be at least 1"},
    {address_failure_limit >= 1,
     "auth.address_failure_limit must be at least 1"},
    {positive(login_failure_window),
     "auth.login_failure_window must be positive"},
    {positive(trusted_login_ttl), "auth.trusted_login_ttl must be positive"},
    {max_tracked_failures >= 1, "auth.max_tracked_failures must be at least 1"},
    {registrations_per_minute >= 1,
     "auth.registrations_per_minute must be at least 1"},
    {protocol::hash_cost_from_string(password_hash).has_value(),
     "auth.password_hash must be minimal, interactive, moderate or "
     "sensitive"},
    {hash_threads >= 1 && hash_threads <= 64,
     "auth.hash_threads must be 1 to 64"},
    {max_frame_bytes >= 512, "limits.max_frame_bytes must be at least 512"},
    {max_text_chars >= 1, "limits.max_text_chars must be at least 1"},
    {max_profile_chars >= 1, "limits.max_profile_chars must be at least 1"},
    {max_http_body_bytes >= 512,
     "limits.max_http_body_bytes must be at least 512"},
    {max_pending_acks >= 1, "limits.max_pending_acks must be at least 1"},
    {max_file_bytes >= 1, "limits.max_file_bytes must be at least 1"},
    {max_group_members >= 1, "limits.max_group_members must be at least 1"},
    {max_pending_friend_requests >= 1,
     "limits.max_pending_friend_requests must be at least 1"},
    {max_list_items >= 1 && max_list_items <= 100000,
     "limits.max_list_items must be 1 to 100000"},
    {max_inflight_requests >= 1,
     "limits.max_inflight_requests must be at least 1"},
    {max_inflight_before_login >= 1,
     "limits.max_inflight_before_login must be at least 1"},
    {request_burst >= 1, "limits.request_burst must be at least 1"},
    {send_burst >= 1, "limits.send_burst must be at least 1"},
    {positive(resend_interval), "delivery.resend_interval must be positive"},
    {positive(group_idle_stop), "groups.idle_stop must be positive"},
    {positive(heartbeat_check_interval),
     "heartbeat.check_interval must be positive"},
    {positive(heartbeat_timeout), "heartbeat.timeout must be positive"},
    {positive(restart_window), "supervisor.restart_window must be positive"},
    {positive(backoff_initial), "supervisor.backoff_initial must be positive"},
    {backoff_max >= backoff_initial,
     "supervisor.backoff_max must be at least supervisor.backoff_initial"},
  };
  for (auto& c : checks)
    if (!c.ok)
      return c.message;
  return validate_cluster();
}

std::string node_config::validate_cluster() const {
  if (!clustered())
    return {};
  const check checks[] = {
    {storage_backend == "mariadb",
     "cluster.port is set, but a cluster needs storage.backend = mariadb "
     "(its nodes share one database)"},
    {!auth_secret.empty(),
     "cluster.port is set, but a cluster needs auth.secret (every node "
     "accepts the others' tokens and proves membership with it)"},
    {!cluster_host.empty() && cluster_host != "0.0.0.0" && cluster_host != "::",
     "cluster.host must be an address the other nodes can dial"},
    {cluster_lease >= 1s, "cluster.lease must be at least 1s"},
    {cluster_dial_timeout >= 100ms,
     "cluster.dial_timeout must be at least 100ms"},
    {positive(cluster_heartbeat_interval),
     "cluster.heartbeat_interval must be positive"},
    {cluster_connection_timeout > cluster_heartbeat_interval,
     "cluster.connection_timeout must be longer than "
     "cluster.heartbeat_interval"},
  };
  for (auto& c : checks)
    if (!c.ok)
      return c.message;
  return validate_cluster_tls();
}

std::string node_config::validate_cluster_tls() const {
  const std::pair<const char*, const std::string*> files[] = {
    {"cluster.tls_certificate", &cluster_tls_certificate},
    {"cluster.tls_key", &cluster_tls_key},
    {"cluster.tls_ca", &cluster_tls_ca},
  };
  auto set = std::count_if(std::begin(files), std::end(files),
                           [](auto& file) { return !file.second->empty(); });
  if (set == 0) {
    if (!cluster_tls_passphrase.empty())
      return "cluster.tls_passphrase is set, but not cluster.tls_key: set "
             "cluster.tls_certificate, cluster.tls_key and cluster.tls_ca "
             "for TLS between nodes, or none of them for plain links";
    return {};
  }
  for (auto& [option, value] : files)
    if (value->empty())
      return std::string{option}
             + " is not set: TLS between nodes needs cluster.tls_certificate, "
               "cluster.tls_key and cluster.tls_ca (or none of them, for "
               "plain links)";
  // CAF reads the files only when a link opens, where a fault kills the
  // accepting node or hangs the dialer: read them now instead.
  return cluster::check_tls_files(cluster_tls_files());
}

} // namespace troupe::node
