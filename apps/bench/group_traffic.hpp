#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "apps/bench/client_pool.hpp"
#include "apps/bench/options.hpp"
#include "apps/bench/statistics.hpp"
#include "apps/bench/thread_latencies.hpp"

namespace troupe::bench {

/// Messages to one group, and the oracle that checks their fan-out. Online
/// member k lives on thread k (the pool's `k % threads`), and the first
/// `senders` online members send: a member's state, its sender state
/// included, is touched by its thread only. Every body carries this run's
/// id, the sender, its sequence number and its send time, so a member can
/// measure send→push latency and tell an earlier run's leftovers apart.
class group_traffic {
 public:
  using clock = std::chrono::steady_clock;

  /// `online` members of group `group_id`, the first `opts.senders` of them
  /// sending `opts.messages` each at `opts.sender_rate`.
  group_traffic(const options& opts, client_pool& pool, std::int64_t group_id,
                std::size_t online);

  /// Stops the pool's threads first: they run this object's handlers, and
  /// a push may still arrive while it goes.
  ~group_traffic();

  group_traffic(const group_traffic&) = delete;
  group_traffic& operator=(const group_traffic&) = delete;

  /// Makes `s` online member k: it records every message of this run and
  /// acknowledges every push.
  void attach_member(std::size_t k, session& s);

  /// Waits until every online member has its backlog behind it: members 0
  /// and 1 each send a marker message, and a member is through its backlog
  /// once one marker arrived, since a group's pushes reach a member in the
  /// group's order and the markers are newer than anything stored before.
  /// False after `timeout_s` seconds without a push arriving.
  bool sync(const std::vector<std::shared_ptr<session>>& members,
            double timeout_s);

  /// Makes `s` sender k (also member k) and starts it on its thread.
  void start_sender(std::size_t k, std::shared_ptr<session> s);

  /// Waits, with a progress bar, until every sender has every answer;
  /// false after `timeout_s` seconds without progress.
  bool wait_for_senders(double timeout_s);

  /// Waits until every answered message reached every online member but
  /// its sender; false after `timeout_s`.
  bool wait_for_members(double timeout_s);

  /// What the oracle found.
  struct verdict {
    std::size_t answered = 0;
    std::size_t failed = 0;
    /// Answered messages times the online members other than the sender.
    std::size_t expected = 0;
    /// Distinct deliveries of answered messages.
    std::size_t received = 0;
    std::size_t lost = 0;
    std::size_t duplicated = 0;
    /// Messages with a lower msg_id than one the member had seen already.
    std::size_t out_of_order = 0;
    /// Messages pushed to their own sender (the protocol says never).
    std::size_t sent_back = 0;
    std::size_t leftovers = 0;
  };

  /// Runs the oracle on every member (on their threads) and fills the
  /// fan-out latencies. Call once traffic has stopped.
  verdict check();

  /// Per message delivered to every online member: ok → the last member's
  /// push. Filled by `check()`.
  const latency_recorder& fan_out_latency() const { return fan_out_; }

  /// Returns the send→ok and send→push latencies of every thread merged.
  latency_recorder ok_latency();
  latency_recorder push_latency();

  /// When the first message was sent and the last push arrived.
  clock::time_point first_send() const;
  clock::time_point last_push() const;

 private:
  /// Marks a message slot no member received yet.
  static constexpr std::int64_t not_received = -1;

  struct member_state {
    // -- as a receiver
    // ---------------------------------------------------------
    /// Per message slot (sender * messages + seq): when it first arrived,
    /// in ns since t0_, or `not_received`.
    std::vector<std::int64_t> received_ns;
    std::int64_t highest_msg_id = 0;
    bool synced = false;
    std::size_t duplicated = 0;
    std::size_t out_of_order = 0;
    std::size_t sent_back = 0;
    std::size_t leftovers = 0;
    // -- as a sender
    // -----------------------------------------------------------
    std::shared_ptr<session> sender;
    std::size_t next_seq = 0;
    /// Per seq: the ok's msg_id (0 until answered ok) and the ok's time in
    /// ns since t0_.
    std::vector<std::int64_t> msg_ids;
    std::vector<std::int64_t> ok_ns;
    std::size_t failed = 0;
    std::unique_ptr<asio::steady_timer> timer;
  };

  void on_push(std::size_t k, session& s, const json& push);
  void on_message(std::size_t k, const json& push);
  void send_next(std::size_t k);
  /// Returns ns since t0_ now.
  std::int64_t now_ns() const;
  /// Returns the second of the run, counted from the first send, of `ns`
  /// since t0_.
  std::uint32_t run_second(std::int64_t ns) const;

  options opts_;
  client_pool& pool_;
  std::int64_t group_id_;
  std::string run_id_;
  clock::time_point t0_;
  std::vector<member_state> members_;
  thread_latencies latencies_;
  latency_recorder fan_out_;
  std::atomic<std::size_t> synced_{0};
  std::atomic<std::size_t> markers_refused_{0};
  std::atomic<std::size_t> pushes_{0};
  std::atomic<std::size_t> answered_{0};
  std::atomic<std::size_t> failed_{0};
  std::atomic<std::size_t> received_{0};
  std::atomic<std::int64_t> first_send_ns_{-1};
  std::atomic<std::int64_t> last_push_ns_{0};
};

} // namespace troupe::bench
