#include "telemetry/metrics.hpp"

#include <algorithm>

#include "protocol/decoder.hpp"
#include "telemetry/process_stats.hpp"

namespace troupe::telemetry {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

using kind = protocol::prometheus_text::kind;

double value_of(const metric_counter& c) {
  return static_cast<double>(c.load(relaxed));
}

double value_of(const metric_gauge& g) {
  return static_cast<double>(g.load(relaxed));
}

/// Every outcome a result counter tells apart: `ok` and each error code.
template <class F>
void for_each_result(F&& f) {
  f(std::optional<protocol::error_code>{}, std::string_view{"ok"});
  for (auto i = static_cast<int>(protocol::error_code::bad_request);
       i <= static_cast<int>(protocol::error_code::internal); ++i) {
    auto code = static_cast<protocol::error_code>(i);
    f(std::optional<protocol::error_code>{code}, protocol::to_string(code));
  }
}

void write_sessions_and_requests(protocol::prometheus_text& out,
                                 const node_metrics& m) {
  out.family("troupe_sessions_online", kind::gauge,
             "Logged-in WebSocket sessions on this node.");
  out.sample("troupe_sessions_online", value_of(m.sessions_online));
  out.family("troupe_connections_refused_total", kind::counter,
             "Sockets closed as soon as accepted: the node or the client's "
             "address held net.max_connections(_per_address) already.");
  out.sample("troupe_connections_refused_total",
             value_of(m.connections_refused));
  // Outcomes that never happened are left out, except `ok`: a series
  // appears with its first count.
  out.family("troupe_logins_total", kind::counter,
             "Password logins (WebSocket login, POST /api/token) by result.");
  for_each_result([&](auto error, std::string_view name) {
    auto n = m.logins.read(error);
    if (n > 0 || !error)
      out.sample("troupe_logins_total", {{"result", name}},
                 static_cast<double>(n));
  });
  out.family("troupe_requests_total", kind::counter,
             "Client requests by type and result (the reply's error code, "
             "or ok).");
  for (std::size_t k = 0; k < node_metrics::request_kinds; ++k) {
    auto type = k == node_metrics::undecoded_request
                  ? std::string_view{"undecoded"}
                  : protocol::command_type_name(k);
    for_each_result([&](auto error, std::string_view name) {
      if (auto n = m.requests[k].read(error); n > 0)
        out.sample("troupe_requests_total", {{"type", type}, {"result", name}},
                   static_cast<double>(n));
    });
  }
}

void write_delivery(protocol::prometheus_text& out, const node_metrics& m) {
  out.family("troupe_messages_stored_total", kind::counter,
             "Messages stored (repeats of a request id not counted), by "
             "chat.");
  constexpr std::string_view chats[] = {"direct", "group", "system"};
  for (std::size_t i = 0; i < std::size(chats); ++i)
    out.sample("troupe_messages_stored_total", {{"chat", chats[i]}},
               value_of(m.messages_stored[i]));
  out.family("troupe_pushes_sent_total", kind::counter,
             "Pushes written to a session for the first time.");
  out.sample("troupe_pushes_sent_total", value_of(m.pushes_sent));
  out.family("troupe_pushes_resent_total", kind::counter,
             "Pushes written again, unacknowledged after the resend "
             "interval.");
  out.sample("troupe_pushes_resent_total", value_of(m.pushes_resent));
  out.family("troupe_pushes_acked_total", kind::counter,
             "Pushes acknowledged by their session.");
  out.sample("troupe_pushes_acked_total", value_of(m.pushes_acked));
  out.family("troupe_pending_acks", kind::gauge,
             "Pushes sent and not yet acknowledged, over every session.");
  out.sample("troupe_pending_acks", value_of(m.pending_acks));
}

void write_storage(protocol::prometheus_text& out, const node_metrics& m) {
  out.family("troupe_persistence_queue_depth", kind::gauge,
             "Storage calls queued at the persistence workers.");
  out.sample("troupe_persistence_queue_depth", value_of(m.persistence_queue));
  out.family("troupe_persistence_batch_calls", kind::histogram,
             "Storage calls per batch (one transaction).");
  out.histogram("troupe_persistence_batch_calls", m.batch_calls.read());
  out.family("troupe_persistence_batch_seconds", kind::histogram,
             "Time to run and commit one batch.");
  out.histogram("troupe_persistence_batch_seconds", m.batch_ns.read(1e-9));
  out.family("troupe_storage_errors_total", kind::counter,
             "Batches that met a storage fault: the store unreachable, or a "
             "call failing inside it.");
  out.sample("troupe_storage_errors_total", {{"kind", "unavailable"}},
             value_of(m.storage_unavailable));
  out.sample("troupe_storage_errors_total", {{"kind", "internal"}},
             value_of(m.storage_internal));
  out.family("troupe_storage_calls_dropped_total", kind::counter,
             "Storage calls dropped before they ran: their requester had "
             "stopped or given up waiting.");
  out.sample("troupe_storage_calls_dropped_total",
             value_of(m.storage_calls_dropped));
}

void write_actors(protocol::prometheus_text& out, const node_metrics& m) {
  out.family("troupe_actor_restarts_total", kind::counter,
             "Restarts of the supervisor's children, by child.");
  for (auto& [child, n] : m.restarts())
    out.sample("troupe_actor_restarts_total", {{"child", child}},
               static_cast<double>(n));
  out.family("troupe_group_actors", kind::gauge, "Group actors running.");
  out.sample("troupe_group_actors", value_of(m.group_actors));
}

void write_auth(protocol::prometheus_text& out, const node_metrics& m) {
  out.family("troupe_hash_queue_depth", kind::gauge,
             "Password hashes and checks waiting or running at the hashing "
             "workers.");
  out.sample("troupe_hash_queue_depth", value_of(m.hash_queue));
  out.family("troupe_hash_jobs_dropped_total", kind::counter,
             "Hashing jobs dropped unrun: their requester had gone or timed "
             "out.");
  out.sample("troupe_hash_jobs_dropped_total", value_of(m.hash_jobs_dropped));
  out.family("troupe_auth_tracked_keys", kind::gauge,
             "Keys the login limiter and the registration counts hold.");
  out.sample("troupe_auth_tracked_keys", value_of(m.auth_tracked_keys));
}

void write_cluster(protocol::prometheus_text& out, const node_metrics& m) {
  out.family("troupe_cluster_nodes_live", kind::gauge,
             "Live nodes in the cluster's table, this one included; 0 for "
             "a node alone.");
  out.sample("troupe_cluster_nodes_live", value_of(m.cluster_nodes_live));
  out.family("troupe_cluster_peers_linked", kind::gauge,
             "Other nodes of the cluster this node is linked to.");
  out.sample("troupe_cluster_peers_linked", value_of(m.cluster_peers_linked));
  out.family("troupe_cluster_links_lost_total", kind::counter,
             "Links to other nodes lost: the peer died, paused or was cut "
             "off.");
  out.sample("troupe_cluster_links_lost_total", value_of(m.cluster_links_lost));
  out.family("troupe_cluster_remote_sessions", kind::gauge,
             "Users online on the cluster's other nodes, as this node's "
             "directory knows them.");
  out.sample("troupe_cluster_remote_sessions",
             value_of(m.cluster_remote_sessions));
  out.family("troupe_cluster_relays_total", kind::counter,
             "Messages handed to other nodes: pushes, fan-outs and resyncs "
             "(one per node), and group commands.");
  out.sample("troupe_cluster_relays_total", value_of(m.cluster_relays));
}

void write_process(protocol::prometheus_text& out) {
  auto p = read_process_stats();
  out.family("process_cpu_seconds_total", kind::counter,
             "User and system CPU time of the node process.");
  out.sample("process_cpu_seconds_total", p.cpu_seconds);
  out.family("process_resident_memory_bytes", kind::gauge,
             "Resident memory of the node process.");
  out.sample("process_resident_memory_bytes",
             static_cast<double>(p.resident_bytes));
  out.family("process_virtual_memory_bytes", kind::gauge,
             "Virtual memory of the node process.");
  out.sample("process_virtual_memory_bytes",
             static_cast<double>(p.virtual_bytes));
  out.family("process_open_fds", kind::gauge, "Open file descriptors.");
  out.sample("process_open_fds", static_cast<double>(p.open_fds));
  out.family("process_max_fds", kind::gauge, "Limit on open file descriptors.");
  out.sample("process_max_fds", static_cast<double>(p.max_fds));
  out.family("process_start_time_seconds", kind::gauge,
             "Start time of the node process since the Unix epoch.");
  out.sample("process_start_time_seconds", p.start_time_seconds);
}

} // namespace

metric_histogram::metric_histogram(std::vector<std::uint64_t> upper_bounds)
  : upper_bounds_(std::move(upper_bounds)),
    buckets_(std::make_unique<metric_counter[]>(upper_bounds_.size() + 1)) {
  // nop
}

void metric_histogram::observe(std::uint64_t value) {
  auto bucket
    = std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value)
      - upper_bounds_.begin();
  buckets_[static_cast<std::size_t>(bucket)].fetch_add(1, relaxed);
  sum_.fetch_add(value, relaxed);
}

protocol::histogram_reading metric_histogram::read(double scale) const {
  protocol::histogram_reading out;
  for (std::size_t i = 0; i < upper_bounds_.size(); ++i) {
    out.upper_bounds.push_back(static_cast<double>(upper_bounds_[i]) * scale);
    out.bucket_counts.push_back(buckets_[i].load(relaxed));
    out.count += out.bucket_counts.back();
  }
  // The count is the buckets' total, overflow included, so that a scrape
  // racing an observation still shows consistent buckets.
  out.count += buckets_[upper_bounds_.size()].load(relaxed);
  out.sum = static_cast<double>(sum_.load(relaxed)) * scale;
  return out;
}

std::size_t result_counters::slot(std::optional<protocol::error_code> error) {
  return error ? static_cast<std::size_t>(*error) : 0;
}

void result_counters::count(std::optional<protocol::error_code> error) {
  slots_[slot(error)].fetch_add(1, relaxed);
}

std::uint64_t
result_counters::read(std::optional<protocol::error_code> error) const {
  return slots_[slot(error)].load(relaxed);
}

void node_metrics::track_child(const std::string& child) {
  std::lock_guard<std::mutex> guard{restarts_mutex_};
  restarts_.emplace(child, 0);
}

void node_metrics::count_restart(const std::string& child) {
  std::lock_guard<std::mutex> guard{restarts_mutex_};
  ++restarts_[child];
}

std::map<std::string, std::uint64_t> node_metrics::restarts() const {
  std::lock_guard<std::mutex> guard{restarts_mutex_};
  return restarts_;
}

std::string render_metrics(const node_metrics& metrics) {
  protocol::prometheus_text out;
  write_sessions_and_requests(out, metrics);
  write_delivery(out, metrics);
  write_storage(out, metrics);
  write_actors(out, metrics);
  write_auth(out, metrics);
  write_cluster(out, metrics);
  write_process(out);
  return out.text();
}

} // namespace troupe::telemetry
