#include "apps/node/node_config.hpp"

#include <string>
#include <type_traits>

#include <caf/config_option_adder.hpp>

#include "actors/message_registry.hpp"
#include "cluster/link.hpp"

// The options of conf/troupe.ini, each with its default and what it does.
// Reading the file: config_file.cpp; checking values: config_checks.cpp;
// the settings each layer takes: layer_settings.cpp.

namespace troupe::node {

template <class T>
void node_config::option(const char* section, const char* key, T& value,
                         const char* description) {
  caf::config_option_adder{custom_options_, section}.add(value, key,
                                                         description);
  known_.emplace(std::string{section} + "." + key,
                 std::is_same_v<T, std::string>);
}

node_config::node_config() {
  // Before the actor system starts: what crosses nodes, by name.
  actors::register_message_types(*this);
  cluster::register_link_types(*this);
  option("node", "id", node_id,
         "this node's number in its cluster, 0 to 31; part of every id it "
         "issues");
  option("node", "actor_threads", actor_threads,
         "threads running actors (CAF scheduler)");
  option("node", "log_level", log_level, "debug, info, warning or error");
  option("node", "shutdown_grace", shutdown_grace,
         "how long sessions get to close at shutdown");
  option("net", "host", net_host, "address to listen on");
  option("net", "port", net_port, "port for HTTP and WebSocket; 0 = any");
  option("net", "io_threads", net_io_threads, "threads running the network");
  option("net", "max_write_queue_bytes", net_max_write_queue_bytes,
         "queued outbound bytes before a client is closed as too slow");
  option("net", "http_timeout", net_http_timeout,
         "time to send a request or finish a handshake");
  option("net", "write_timeout", net_write_timeout,
         "time one outbound frame or the close handshake may take before the "
         "socket is closed");
  option("net", "login_timeout", net_login_timeout,
         "time a WebSocket may stay open without logging in");
  option("net", "max_connections", net_max_connections,
         "most sockets open at once; 0 = no bound");
  option("net", "trusted_proxies", net_trusted_proxies,
         "comma-separated addresses of reverse proxies whose X-Forwarded-For "
         "names the client");
  option("net", "max_connections_per_address", net_max_connections_per_address,
         "most sockets open at once from one client address; 0 = no bound");
  option("storage", "backend", storage_backend, "sqlite or mariadb");
  option("storage", "sqlite_path", sqlite_path, "SQLite database file");
  option("storage", "sqlite_synchronous", sqlite_synchronous,
         "full (survives power loss) or normal (survives crashes)");
  option("storage", "sqlite_journal_size_limit", sqlite_journal_size_limit,
         "bytes the SQLite -wal file is cut back to after a checkpoint");
  option("storage", "mariadb_host", mariadb_host, "MariaDB server host");
  option("storage", "mariadb_port", mariadb_port, "MariaDB server port");
  option("storage", "mariadb_socket", mariadb_socket,
         "MariaDB Unix socket; overrides host and port when set");
  option("storage", "mariadb_user", mariadb_user, "MariaDB user");
  option("storage", "mariadb_password", mariadb_password, "MariaDB password");
  option("storage", "mariadb_database", mariadb_database, "MariaDB database");
  option("storage", "pool_size", pool_size, "persistence workers");
  option("storage", "max_batch", max_batch,
         "most requests one transaction serves");
  option("storage", "connect_timeout", connect_timeout,
         "time to connect before storage counts as down");
  option("storage", "io_timeout", io_timeout,
         "time one MariaDB read or write may take");
  option("storage", "reconnect_interval", reconnect_interval,
         "how often a worker retries storage that is down");
  option("auth", "secret", auth_secret,
         "HMAC key for tokens, shared by a cluster; random when empty");
  option("auth", "token_ttl", token_ttl, "lifetime of a token");
  option("auth", "login_failure_limit", login_failure_limit,
         "failed logins of a username from one address before that address "
         "is rate limited for it");
  option("auth", "address_failure_limit", address_failure_limit,
         "failed logins from one address before it is rate limited");
  option("auth", "username_failure_limit", username_failure_limit,
         "failed logins of a username from all addresses before it is rate "
         "limited from addresses it has not logged in from; 0 = none");
  option("auth", "login_failure_window", login_failure_window,
         "window in which failed logins count");
  option("auth", "trusted_login_ttl", trusted_login_ttl,
         "how long a login exempts its address from "
         "auth.username_failure_limit");
  option("auth", "max_tracked_failures", max_tracked_failures,
         "most keys each table of the login limiter holds");
  option("auth", "password_hash", password_hash,
         "argon2id cost: minimal (tests only), interactive, moderate, "
         "sensitive");
  option("auth", "hash_threads", hash_threads, "password hashing threads");
  option("auth", "max_hash_queue", max_hash_queue,
         "password hashes waiting or running; 0 = about 5 s of hashing");
  option("auth", "registrations_per_minute", registrations_per_minute,
         "registrations one address may try per minute");
  option("limits", "max_frame_bytes", max_frame_bytes,
         "largest WebSocket message");
  option("limits", "max_bad_frames", max_bad_frames,
         "bad frames in a row before the socket is closed");
  option("limits", "max_text_chars", max_text_chars,
         "longest text message, in characters");
  option("limits", "max_profile_chars", max_profile_chars,
         "longest profile field, in characters");
  option("limits", "max_http_body_bytes", max_http_body_bytes,
         "largest JSON body of an HTTP call");
  option("limits", "max_pending_acks", max_pending_acks,
         "unacknowledged pushes per session before it is closed as too slow");
  option("limits", "max_file_bytes", max_file_bytes,
         "largest upload to POST /api/files");
  option("limits", "user_file_quota", user_file_quota,
         "bytes of files one user may store; 0: no quota");
  option("limits", "max_group_members", max_group_members,
         "most members of one group");
  option("limits", "max_pending_friend_requests", max_pending_friend_requests,
         "pending friend requests a user may have incoming, and as many "
         "outgoing; a new one past it withdraws the oldest");
  option("limits", "max_list_items", max_list_items,
         "most entries of one friends or groups reply (a page), and the "
         "default page size");
  option("limits", "max_inflight_requests", max_inflight_requests,
         "unanswered requests of a logged-in session before its socket is "
         "no longer read");
  option("limits", "request_rate", request_rate,
         "requests (all but ack) a session may make per second on average; "
         "past it they wait; 0 = no budget");
  option("limits", "request_burst", request_burst,
         "requests a session may make at once before request_rate applies");
  option("limits", "send_rate", send_rate,
         "messages (send, group_send, friend_request) a session may send "
         "per second on average; past it they wait; 0 = no budget");
  option("limits", "send_burst", send_burst,
         "messages a session may send at once before send_rate applies");
  option("limits", "max_inflight_before_login", max_inflight_before_login,
         "unanswered requests of a socket not logged in before it is no "
         "longer read");
  option("delivery", "resend_interval", resend_interval,
         "time before an unacknowledged push is sent again");
  option("groups", "idle_stop", group_idle_stop,
         "time without requests after which a group's actor stops");
  option("heartbeat", "check_interval", heartbeat_check_interval,
         "shortest time between two idle checks of a session");
  option("heartbeat", "timeout", heartbeat_timeout,
         "idle time after which a session is closed");
  option("admin", "key", admin_key, "X-Admin-Key; admin API off when empty");
  option("presence", "share_address", share_address,
         "show friends' IP address and port in `friends`");
  option("supervisor", "max_restarts", max_restarts,
         "restarts within restart_window before the node stops");
  option("supervisor", "restart_window", restart_window,
         "window of the restart intensity");
  option("supervisor", "backoff_initial", backoff_initial,
         "delay before a first restart; doubles per further failure");
  option("supervisor", "backoff_max", backoff_max, "longest restart delay");
  option("cluster", "port", cluster_port,
         "port the node's peers reach it on; 0 = not in a cluster");
  option("cluster", "host", cluster_host,
         "private address the cluster port listens on and peers dial");
  option("cluster", "lease", cluster_lease,
         "how long a node counts as live after it last renewed its place in "
         "storage");
  option("cluster", "dial_timeout", cluster_dial_timeout,
         "time to connect to a peer and prove membership both ways");
  option("cluster", "heartbeat_interval", cluster_heartbeat_interval,
         "time between heartbeats on each link to a peer");
  option("cluster", "connection_timeout", cluster_connection_timeout,
         "silence after which a link to a peer counts as lost");
  option("cluster", "tls_certificate", cluster_tls_certificate,
         "PEM file of this node's certificate (and chain), signed by the "
         "cluster's CA; empty = plain links");
  option("cluster", "tls_key", cluster_tls_key,
         "PEM file of the private key of cluster.tls_certificate");
  option("cluster", "tls_ca", cluster_tls_ca,
         "PEM file of the CA that signs every node's certificate");
  option("cluster", "tls_passphrase", cluster_tls_passphrase,
         "passphrase of cluster.tls_key when it is encrypted");
}

} // namespace troupe::node
