#include "apps/node/node_config.hpp"
#include "actors/message_registry.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <type_traits>
#include <vector>

#include <caf/config_option_adder.hpp>
#include <caf/config_value.hpp>
#include <caf/settings.hpp>

#include "protocol/password.hpp"
#include "storage/id_generator.hpp"
#include "telemetry/log.hpp"

namespace troupe::node {

namespace {

constexpr const char* default_config_path = "conf/troupe.ini";

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos)
    return {};
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

/// Splits a value from a trailing `; comment`, outside quotes.
std::pair<std::string, std::string> split_comment(const std::string& rest) {
  auto quoted = false;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '"' && (i == 0 || rest[i - 1] != '\\'))
      quoted = !quoted;
    else if (!quoted && (rest[i] == ';' || rest[i] == '#'))
      return {trim(rest.substr(0, i)), rest.substr(i + 1)};
  }
  return {trim(rest), {}};
}

std::string quote(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + '"';
}

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

bool file_exists(const std::string& path) {
  std::ifstream in{path};
  return in.good();
}

} // namespace

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
}

std::string node_config::normalize_ini(const std::string& ini) {
  std::istringstream in{ini};
  std::ostringstream out;
  std::string line;
  std::string section;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    auto text = trim(line);
    if (text.empty() || text[0] == ';' || text[0] == '#') {
      out << '\n';
      continue;
    }
    if (text[0] == '[') {
      section = trim(text.substr(1, text.find(']') - 1));
      out << line << '\n';
      continue;
    }
    auto eq = text.find('=');
    if (eq == std::string::npos) {
      out << line << '\n'; // CAF reports the syntax error with its line
      continue;
    }
    auto key = trim(text.substr(0, eq));
    auto [value, comment] = split_comment(text.substr(eq + 1));
    auto name = section + "." + key;
    set_keys_[name] = number;
    auto known = known_.find(name);
    if (known != known_.end() && known->second
        && (value.empty() || value[0] != '"'))
      value = quote(value);
    out << key << " = " << value << '\n';
  }
  return out.str();
}

std::string node_config::load(int argc, char** argv) {
  std::vector<std::string> args;
  std::string path;
  // `--section.key=value` overrides become INI lines after the file's, so
  // that both are read alike (CAF's own command line has other rules, e.g.
  // for booleans).
  std::string overrides;
  static const std::regex option_arg{
    R"(--([A-Za-z_]\w*)\.([A-Za-z_]\w*)=(.*))"};
  for (int i = 1; i < argc; ++i) {
    std::string arg{argv[i]};
    std::smatch m;
    if (arg == "--config" && i + 1 < argc)
      path = argv[++i];
    else if (arg.rfind("--config=", 0) == 0)
      path = arg.substr(9);
    else if (arg == "--config")
      return "--config needs a file name";
    else if (std::regex_match(arg, m, option_arg))
      overrides
        += "[" + m[1].str() + "]\n" + m[2].str() + " = " + m[3].str() + "\n";
    else
      args.push_back(std::move(arg));
  }
  if (path.empty() && file_exists(default_config_path))
    path = default_config_path;
  std::string text;
  if (!path.empty()) {
    std::ifstream file{path};
    if (!file)
      return "cannot read config file " + path;
    std::ostringstream contents;
    contents << file.rdbuf();
    text = contents.str();
    if (!text.empty() && text.back() != '\n')
      text += '\n';
    config_path_ = path;
  }
  file_lines_ = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  auto ini = normalize_ini(text + overrides);
  std::istringstream ini_stream{ini};
  if (auto err = parse(std::move(args), ini_stream))
    return describe_parse_error(caf::to_string(err));
  if (!remainder.empty())
    return "unexpected argument '" + remainder.front()
           + "' (options look like --section.key=value)";
  return validate();
}

std::string node_config::origin(int line) const {
  if (line > file_lines_)
    return "command line";
  return config_path_ + ":" + std::to_string(line);
}

std::string node_config::describe_parse_error(const std::string& err) const {
  // CAF names the line of an INI fault ("line" = N); name its option too.
  static const std::regex line_field{R"("line" = (\d+))"};
  std::smatch m;
  if (std::regex_search(err, m, line_field)) {
    auto line = std::stoi(m[1]);
    for (auto& [name, at] : set_keys_)
      if (at == line)
        return origin(line) + ": bad value for '" + name + "' (" + err + ")";
    return origin(line) + ": " + err;
  }
  return err;
}

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
  auto positive = [](caf::timespan t) { return t.count() > 0; };
  struct check {
    bool ok;
    const char* message;
  };
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
  return {};
}

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
    if (auto address = trim(proxy); !address.empty())
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
