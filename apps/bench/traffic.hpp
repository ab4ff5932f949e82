#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "apps/bench/client_pool.hpp"
#include "apps/bench/options.hpp"
#include "apps/bench/statistics.hpp"
#include "apps/bench/thread_latencies.hpp"

namespace troupe::bench {

/// Messages between friend pairs, and the oracle that checks them. Pair k
/// is sender 2k and receiver 2k+1, both on thread k: a pair's state is
/// touched by one thread only. Every message body carries this run's id,
/// its sequence number and its send time, so a receiver can measure
/// send→push latency and tell an old run's leftovers apart.
class traffic {
 public:
  using clock = std::chrono::steady_clock;

  /// Pair k is `names[2k]` sending to `names[2k + 1]`.
  traffic(const options& opts, client_pool& pool,
          const std::vector<std::string>& names);

  /// Stops the pool's threads first: they run this object's handlers, and
  /// a push may still arrive while it goes.
  ~traffic();

  traffic(const traffic&) = delete;
  traffic& operator=(const traffic&) = delete;

  std::size_t pairs() const { return pairs_.size(); }

  /// Makes `s` receiver k: it records and acknowledges every push.
  void attach_receiver(std::size_t k, session& s);

  /// Makes `s` sender k and starts it (on its thread).
  void start_sender(std::size_t k, std::shared_ptr<session> s);

  /// Waits, with a progress bar, until every sender has every answer;
  /// false after `timeout_s` seconds without progress.
  bool wait_for_senders(double timeout_s);

  /// Waits until every answered message reached its receiver; false after
  /// `timeout_s`.
  bool wait_for_receivers(double timeout_s);

  /// What the oracle found.
  struct verdict {
    std::size_t answered = 0;
    std::size_t failed = 0;
    std::size_t received = 0;
    std::size_t lost = 0;
    std::size_t duplicated = 0;
    std::size_t out_of_order = 0;
    std::size_t leftovers = 0;
  };

  /// Runs the oracle on every pair (on their threads) and returns its
  /// findings. Call once traffic has stopped.
  verdict check();

  /// Returns the send→ok and send→push latencies of every thread merged.
  latency_recorder ok_latency();
  latency_recorder push_latency();

  clock::time_point started() const { return t0_; }

  /// When the last answer and the last push arrived.
  clock::time_point last_answer() const;
  clock::time_point last_push() const;

 private:
  struct pair_state {
    // -- sender
    // ----------------------------------------------------------------
    std::shared_ptr<session> sender;
    std::size_t next_seq = 0;
    std::size_t answered = 0;
    std::size_t failed = 0;
    std::vector<std::int64_t> answered_ids;
    std::unique_ptr<asio::steady_timer> timer;
    std::string receiver_name;
    // -- receiver
    // --------------------------------------------------------------
    std::string sender_name;
    std::unordered_set<std::int64_t> seen;
    std::int64_t last_seq = -1;
    std::size_t duplicated = 0;
    std::size_t out_of_order = 0;
    std::size_t leftovers = 0;
  };

  void send_next(std::size_t k);
  /// The time between two sends of one sender in the open loop.
  clock::duration open_loop_interval() const;

  void on_message(std::size_t k, session& s, const json& push);
  std::uint32_t second_now() const;

  options opts_;
  client_pool& pool_;
  std::string run_id_;
  clock::time_point t0_;
  std::vector<pair_state> pairs_;
  thread_latencies latencies_;
  std::atomic<std::size_t> answered_{0};
  std::atomic<std::size_t> failed_{0};
  std::atomic<std::size_t> received_{0};
  std::atomic<std::int64_t> last_answer_ns_{0};
  std::atomic<std::int64_t> last_push_ns_{0};
};

} // namespace troupe::bench
