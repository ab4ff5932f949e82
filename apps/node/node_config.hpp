#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

#include <caf/actor_system_config.hpp>
#include <caf/timespan.hpp>

#include "actors/context.hpp"
#include "actors/supervisor.hpp"
#include "cluster/settings.hpp"
#include "cluster/tls_check.hpp"
#include "net/settings.hpp"
#include "storage/settings.hpp"

namespace troupe::node {

using namespace std::chrono_literals;

/// Every option of `conf/troupe.ini`, with its default. CAF reads the INI
/// file and `--section.key=value` overrides; `load` adds what CAF leaves
/// out: unquoted strings, `#` comments, and a hard stop on unknown options
/// and bad values.
class node_config : public caf::actor_system_config {
 public:
  node_config();

  /// Reads `--config PATH` (default `conf/troupe.ini` when it exists) and
  /// the overrides in `argv`. Returns an error that names the offending
  /// option or line, or an empty string.
  std::string load(int argc, char** argv);

  /// The file the options came from; empty when none was read.
  const std::string& config_path() const { return config_path_; }

  // -- the settings each layer takes ------------------------------------------

  net::settings net_settings() const;
  storage::settings storage_settings() const;
  actors::supervisor_settings supervisor_settings() const;
  actors::session_settings session_settings() const;
  actors::auth_settings auth_settings() const;
  actors::delivery_settings delivery_settings() const;
  actors::group_settings group_settings() const;
  cluster::settings cluster_settings() const;

  /// Whether the node is in a cluster (`cluster.port` set).
  bool clustered() const { return cluster_port != 0; }

  /// Whether a cluster node links to its peers through TLS (the
  /// `cluster.tls_*` files set; all three or none, checked at start).
  bool cluster_tls() const {
    return clustered() && !cluster_tls_certificate.empty();
  }

  /// The files of the node's TLS links.
  cluster::tls_files cluster_tls_files() const;

  // -- [node]
  // -------------------------------------------------------------------
  std::size_t node_id = 0;
  std::size_t actor_threads = 2;
  std::string log_level = "info";
  caf::timespan shutdown_grace = 2s;

  // -- [net]
  // --------------------------------------------------------------------
  std::string net_host = "0.0.0.0";
  std::uint16_t net_port = 8080;
  std::size_t net_io_threads = 1;
  std::size_t net_max_write_queue_bytes = 16 * 1024 * 1024;
  caf::timespan net_http_timeout = 30s;
  caf::timespan net_write_timeout = 30s;
  caf::timespan net_login_timeout = 30s;
  std::size_t net_max_connections = 16384;
  std::size_t net_max_connections_per_address = 256;
  std::string net_trusted_proxies;

  // -- [storage]
  // ----------------------------------------------------------------
  std::string storage_backend = "sqlite";
  std::string sqlite_path = "troupe.db";
  std::string sqlite_synchronous = "full";
  std::size_t sqlite_journal_size_limit = 64 * 1024 * 1024;
  std::string mariadb_host = "127.0.0.1";
  std::uint16_t mariadb_port = 3306;
  std::string mariadb_socket;
  std::string mariadb_user = "troupe";
  std::string mariadb_password;
  std::string mariadb_database = "troupe";
  std::size_t pool_size = 2;
  std::size_t max_batch = 1024;
  caf::timespan connect_timeout = 3s;
  caf::timespan io_timeout = 10s;
  caf::timespan reconnect_interval = 1s;

  // -- [auth]
  // -------------------------------------------------------------------
  std::string auth_secret;
  caf::timespan token_ttl = 120s;
  std::size_t login_failure_limit = 5;
  std::size_t address_failure_limit = 20;
  std::size_t username_failure_limit = 100;
  caf::timespan login_failure_window = 5min;
  caf::timespan trusted_login_ttl = 720h;
  std::size_t max_tracked_failures = 100000;
  std::string password_hash = "interactive";
  std::size_t hash_threads = 1;
  /// 0: derived from `password_hash` and `hash_threads`.
  std::size_t max_hash_queue = 0;
  std::size_t registrations_per_minute = 10;

  // -- [limits]
  // -----------------------------------------------------------------
  std::size_t max_frame_bytes = 65536;
  std::size_t max_bad_frames = 20;
  std::size_t max_text_chars = 1023;
  std::size_t max_profile_chars = 4096;
  std::size_t max_http_body_bytes = 65536;
  std::size_t max_pending_acks = 1000;
  std::size_t max_file_bytes = 8 * 1024 * 1024;
  std::size_t user_file_quota = 256 * 1024 * 1024;
  std::size_t max_group_members = 10000;
  std::size_t max_pending_friend_requests = 100;
  std::size_t max_list_items = 500;
  std::size_t max_inflight_requests = 32;
  std::size_t max_inflight_before_login = 4;
  std::size_t request_rate = 100;
  std::size_t request_burst = 200;
  std::size_t send_rate = 20;
  std::size_t send_burst = 50;

  // -- [delivery]
  // ---------------------------------------------------------------
  caf::timespan resend_interval = 15s;

  // -- [groups]
  // -----------------------------------------------------------------
  caf::timespan group_idle_stop = 5min;

  // -- [heartbeat]
  // --------------------------------------------------------------
  caf::timespan heartbeat_check_interval = 5s;
  caf::timespan heartbeat_timeout = 120s;

  // -- [admin]
  // ------------------------------------------------------------------
  std::string admin_key;

  // -- [presence]
  // ---------------------------------------------------------------
  bool share_address = false;

  // -- [supervisor]
  // -------------------------------------------------------------
  std::size_t max_restarts = 5;
  caf::timespan restart_window = 60s;
  caf::timespan backoff_initial = 100ms;
  caf::timespan backoff_max = 10s;

  // -- [cluster]
  // ----------------------------------------------------------------
  std::string cluster_host = "127.0.0.1";
  std::uint16_t cluster_port = 0;
  caf::timespan cluster_lease = 5s;
  caf::timespan cluster_dial_timeout = 2s;
  caf::timespan cluster_heartbeat_interval = 500ms;
  caf::timespan cluster_connection_timeout = 2s;
  std::string cluster_tls_certificate;
  std::string cluster_tls_key;
  std::string cluster_tls_ca;
  std::string cluster_tls_passphrase;

 private:
  template <class T>
  void option(const char* section, const char* key, T& value,
              const char* description);

  /// Returns `ini` as CAF reads it: comments dropped, unquoted string
  /// values quoted. Records the keys it sets.
  std::string normalize_ini(const std::string& ini);

  /// Returns CAF's parse error `err` with the option it is about.
  std::string describe_parse_error(const std::string& err) const;

  /// Returns an error for the first option that is unknown, was dropped for
  /// a bad value, or is out of range.
  std::string validate() const;

  /// The same for `[cluster]`, when the node is in one.
  std::string validate_cluster() const;

  /// The same for the `cluster.tls_*` options: all three files or none,
  /// and files a TLS link can use.
  std::string validate_cluster_tls() const;

  /// Whether each option ("section.key") holds a string.
  std::unordered_map<std::string, bool> known_;
  /// Returns where INI line `line` came from: "FILE:LINE" or, past the
  /// file's lines, "command line".
  std::string origin(int line) const;

  /// Each option the file or the command line sets, with its INI line.
  std::unordered_map<std::string, int> set_keys_;
  /// How many lines of the INI text the file gave; overrides follow.
  int file_lines_ = 0;
  std::string config_path_;
};

} // namespace troupe::node
