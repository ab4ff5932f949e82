#pragma once

// The node's instruments: counters, gauges and histograms that actors move
// as they work and `GET /metrics` reads. Every update is one relaxed atomic
// operation, so any actor on any thread may make it without a lock.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol/error_code.hpp"
#include "protocol/prometheus_text.hpp"
#include "protocol/requests.hpp"

namespace troupe::telemetry {

using metric_counter = std::atomic<std::uint64_t>;
using metric_gauge = std::atomic<std::int64_t>;

/// Observations of an integer quantity (calls, nanoseconds) in fixed
/// buckets.
class metric_histogram {
 public:
  explicit metric_histogram(std::vector<std::uint64_t> upper_bounds);

  void observe(std::uint64_t value);

  /// Returns the counts so far, bounds and sum multiplied by `scale` (1e-9
  /// turns nanoseconds into the seconds Prometheus expects).
  protocol::histogram_reading read(double scale = 1.0) const;

 private:
  std::vector<std::uint64_t> upper_bounds_;
  /// One per bound, and one past the last.
  std::unique_ptr<metric_counter[]> buckets_;
  metric_counter sum_{0};
};

/// Counts of an outcome: `ok`, or one of the protocol's error codes.
class result_counters {
 public:
  void count(std::optional<protocol::error_code> error);
  std::uint64_t read(std::optional<protocol::error_code> error) const;

 private:
  static std::size_t slot(std::optional<protocol::error_code> error);

  /// Slot 0 is `ok`; the codes start at 1.
  std::array<metric_counter,
             static_cast<std::size_t>(protocol::error_code::internal) + 1>
    slots_{};
};

/// Which chat a stored message belongs to.
enum class message_chat : std::uint8_t { direct, group, system };

/// Every instrument of one node. Shared by its actors through the
/// node context; lives as long as the longest holder.
struct node_metrics {
  /// Request kinds: one per protocol command, and one for frames that did
  /// not decode to any.
  static constexpr std::size_t request_kinds
    = std::variant_size_v<protocol::command> + 1;
  static constexpr std::size_t undecoded_request = request_kinds - 1;

  /// Logged-in sessions attached to the directory.
  metric_gauge sessions_online{0};
  /// Users online on the cluster's other nodes, as the directory knows
  /// them.
  metric_gauge cluster_remote_sessions{0};
  /// Live nodes in the cluster's table, this one included (the
  /// membership's last reading); 0 for a node alone.
  metric_gauge cluster_nodes_live{0};
  /// Other nodes this one is linked to.
  metric_gauge cluster_peers_linked{0};
  /// Links to peers lost (the peer died, paused, or was cut off).
  metric_counter cluster_links_lost{0};
  /// Messages handed to another node: pushes, fan-outs and resyncs the
  /// directory relays (one per node), group commands the hub relays.
  metric_counter cluster_relays{0};
  /// Sockets closed at accept by the connection caps.
  metric_counter connections_refused{0};
  /// Password logins (WebSocket `login`, `POST /api/token`) by outcome.
  result_counters logins;
  /// Client requests by kind and outcome.
  std::array<result_counters, request_kinds> requests;
  /// Messages stored for the first time (not repeats), by chat.
  std::array<metric_counter, 3> messages_stored{};
  /// Pushes written to a session the first time, written again after the
  /// resend interval, and acknowledged.
  metric_counter pushes_sent{0};
  metric_counter pushes_resent{0};
  metric_counter pushes_acked{0};
  /// Pushes sent and not yet acknowledged, over every session.
  metric_gauge pending_acks{0};
  /// Storage calls queued at the persistence workers, not yet running.
  metric_gauge persistence_queue{0};
  /// Calls per transaction, and how long each batch took to run and commit.
  metric_histogram batch_calls{{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}};
  metric_histogram batch_ns{{100'000, 250'000, 500'000, 1'000'000, 2'500'000,
                             5'000'000, 10'000'000, 25'000'000, 50'000'000,
                             100'000'000, 250'000'000, 500'000'000,
                             1'000'000'000, 2'500'000'000}};
  /// Batches that met a storage fault: the store unreachable (nothing
  /// stored, callers told `unavailable`) or a call failing inside it.
  metric_counter storage_unavailable{0};
  metric_counter storage_internal{0};
  /// Storage calls dropped unrun: their requester stopped or gave up.
  metric_counter storage_calls_dropped{0};
  /// Group actors running.
  metric_gauge group_actors{0};
  /// Password hashes and checks waiting or running at the hashing workers.
  metric_gauge hash_queue{0};
  /// Hashing jobs dropped unrun: their requester had gone or timed out.
  metric_counter hash_jobs_dropped{0};
  /// Keys the login limiter and the registration counts hold.
  metric_gauge auth_tracked_keys{0};

  void count_request(std::size_t kind,
                     std::optional<protocol::error_code> error) {
    requests[kind < request_kinds ? kind : undecoded_request].count(error);
  }

  void count_stored(message_chat chat) {
    messages_stored[static_cast<std::size_t>(chat)].fetch_add(
      1, std::memory_order_relaxed);
  }

  /// Lists `child` among the supervised children, with no restarts yet, so
  /// that its series exists before its first restart.
  void track_child(const std::string& child);

  /// Counts a restart of the supervised child `child`.
  void count_restart(const std::string& child);

  /// Returns the restarts so far, by child.
  std::map<std::string, std::uint64_t> restarts() const;

 private:
  mutable std::mutex restarts_mutex_;
  std::map<std::string, std::uint64_t> restarts_;
};

using metrics_ptr = std::shared_ptr<node_metrics>;

/// Keeps one holder's share of a gauge (e.g. one session's pending acks)
/// and takes it back out when the holder goes.
class gauge_share {
 public:
  gauge_share() = default;
  gauge_share(const gauge_share&) = delete;
  gauge_share& operator=(const gauge_share&) = delete;
  ~gauge_share() { set(0); }

  /// Makes `gauge` the one this share counts in.
  void bind(metric_gauge* gauge) {
    set(0);
    gauge_ = gauge;
  }

  /// Makes this holder's share `value`, moving the gauge by the difference.
  void set(std::int64_t value) {
    if (gauge_ != nullptr && value != value_)
      gauge_->fetch_add(value - value_, std::memory_order_relaxed);
    value_ = value;
  }

 private:
  metric_gauge* gauge_ = nullptr;
  std::int64_t value_ = 0;
};

/// Returns the scrape answer: every instrument of `metrics` and the
/// process's own readings, in the Prometheus text format.
std::string render_metrics(const node_metrics& metrics);

} // namespace troupe::telemetry
