#include "apps/bench/group_traffic.hpp"

#include <algorithm>
#include <iostream>
#include <mutex>
#include <string_view>
#include <thread>

#include "apps/bench/progress_bar.hpp"
#include "apps/bench/run_marks.hpp"
#include "apps/bench/waiting.hpp"

namespace troupe::bench {

namespace {

/// Raises `target` to `value` if it is lower (threads race to store).
void store_max(std::atomic<std::int64_t>& target, std::int64_t value) {
  auto seen = target.load();
  while (seen < value && !target.compare_exchange_weak(seen, value)) {
    // Retry with the value another thread stored.
  }
}

void say_refused(const std::string& what, const json& reply) {
  static std::atomic<int> said{0};
  if (said++ < 3)
    std::cerr << "troupe-bench: " << what << ": " << reply.dump() << '\n';
}

} // namespace

group_traffic::group_traffic(const options& opts, client_pool& pool,
                             std::int64_t group_id, std::size_t online)
  : opts_(opts), pool_(pool), group_id_(group_id), run_id_(make_run_id()),
    t0_(clock::now()), members_(online), latencies_(pool) {
  for (std::size_t k = 0; k < members_.size(); ++k) {
    auto& m = members_[k];
    m.received_ns.assign(opts_.senders * opts_.messages, not_received);
    if (k < opts_.senders) {
      m.msg_ids.assign(opts_.messages, 0);
      m.ok_ns.assign(opts_.messages, 0);
    }
  }
}

group_traffic::~group_traffic() {
  pool_.stop();
}

std::int64_t group_traffic::now_ns() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now()
                                                              - t0_)
    .count();
}

std::uint32_t group_traffic::run_second(std::int64_t ns) const {
  // Charts count from the first send, not from the logins and the backlog.
  auto since = ns - std::max<std::int64_t>(0, first_send_ns_.load());
  return static_cast<std::uint32_t>(std::max<std::int64_t>(0, since)
                                    / 1'000'000'000);
}

// -- members ------------------------------------------------------------------

void group_traffic::attach_member(std::size_t k, session& s) {
  auto* member = &s;
  s.on_push([this, k, member](const json& push) { on_push(k, *member, push); });
}

void group_traffic::on_push(std::size_t k, session& s, const json& push) {
  ++pushes_;
  // Every push with an id is acknowledged, the backlog's `group_update`s
  // and earlier runs' messages included: unacked pushes would fill the
  // node's window (limits.max_pending_acks) and hold the rest back.
  auto id = push.find("id");
  if (id != push.end() && id->is_number_integer())
    s.ack(id->get<std::int64_t>());
  if (push.value("type", "") == "message")
    on_message(k, push);
}

void group_traffic::on_message(std::size_t k, const json& push) {
  auto& m = members_[k];
  // Body: "<run>:<sender>:<seq>:<sent ns>", or "<run>:sync:<member>" for a
  // marker. Anything else, or another group's, is an earlier run's.
  auto body = push.value("body", std::string{});
  auto fields = split_fields(body, 4);
  if (push.value("group_id", std::int64_t{0}) != group_id_ || fields.size() < 3
      || fields[0] != run_id_) {
    ++m.leftovers;
    return;
  }
  if (fields[1] == "sync") {
    if (!m.synced) {
      m.synced = true;
      ++synced_;
    }
    return;
  }
  auto sender = to_i64(fields[1]);
  auto seq = to_i64(fields.size() == 4 ? fields[2] : std::string_view{});
  if (sender < 0 || static_cast<std::size_t>(sender) >= opts_.senders || seq < 0
      || static_cast<std::size_t>(seq) >= opts_.messages) {
    ++m.leftovers;
    return;
  }
  if (static_cast<std::size_t>(sender) == k) {
    ++m.sent_back;
    return;
  }
  auto& slot = m.received_ns[static_cast<std::size_t>(sender) * opts_.messages
                             + static_cast<std::size_t>(seq)];
  if (slot != not_received) {
    ++m.duplicated;
    return;
  }
  auto now = now_ns();
  slot = now;
  // The group has one order, msg_id order, for every member.
  auto msg_id = push.value("msg_id", std::int64_t{0});
  if (msg_id < m.highest_msg_id)
    ++m.out_of_order;
  m.highest_msg_id = std::max(m.highest_msg_id, msg_id);
  latencies_.push_of(k).add(now - to_i64(fields[3]), run_second(now));
  store_max(last_push_ns_, now);
  ++received_;
}

bool group_traffic::sync(const std::vector<std::shared_ptr<session>>& members,
                         double timeout_s) {
  // Two markers, so that each marker's sender gets the other's: a sender
  // never gets its own message.
  for (std::size_t k = 0; k < 2; ++k)
    pool_.post(k, [this, k, s = members[k]] {
      s->request({{"type", "group_send"},
                  {"group_id", group_id_},
                  {"kind", "text"},
                  {"body", run_id_ + ":sync:" + std::to_string(k)}},
                 [this](const json& reply) {
                   if (reply.value("type", "") == "ok")
                     return;
                   say_refused("group_send (marker)", reply);
                   ++markers_refused_;
                 });
    });
  // A first run's backlog (an `added` update for every member added later)
  // may take a while; it counts as stuck only when no push arrives at all.
  progress_bar bar{"backlog", members_.size()};
  auto last_pushes = pushes_.load();
  auto last_change = clock::now();
  auto patience = std::chrono::duration<double>(timeout_s);
  while (synced_.load() < members_.size()) {
    bar.update(synced_.load());
    if (markers_refused_.load() > 0) {
      bar.finish();
      return false;
    }
    if (pushes_.load() != last_pushes) {
      last_pushes = pushes_.load();
      last_change = clock::now();
    } else if (clock::now() - last_change > patience) {
      bar.finish();
      std::cerr << "troupe-bench: " << members_.size() - synced_.load()
                << " members never got past their backlog\n";
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  bar.update(synced_.load());
  bar.finish();
  return true;
}

// -- senders ------------------------------------------------------------------

void group_traffic::start_sender(std::size_t k, std::shared_ptr<session> s) {
  pool_.post(k, [this, k, s = std::move(s)] {
    auto& m = members_[k];
    m.sender = s;
    m.timer = std::make_unique<asio::steady_timer>(pool_.context_of(k));
    // Senders start spread over one interval: the node sees a steady
    // stream, not a burst of every sender at each tick.
    auto interval = std::chrono::duration_cast<clock::duration>(
      std::chrono::duration<double>(1.0 / opts_.sender_rate));
    if (m.next_seq < opts_.messages)
      run_on_schedule(*m.timer,
                      clock::now()
                        + interval * static_cast<clock::rep>(k)
                            / static_cast<clock::rep>(opts_.senders),
                      interval, [this, k] {
                        send_next(k);
                        return members_[k].next_seq < opts_.messages;
                      });
  });
}

void group_traffic::send_next(std::size_t k) {
  auto& m = members_[k];
  if (m.next_seq >= opts_.messages || !m.sender)
    return;
  auto seq = m.next_seq++;
  auto sent = now_ns();
  auto unset = std::int64_t{-1};
  first_send_ns_.compare_exchange_strong(unset, sent);
  auto body = run_id_ + ":" + std::to_string(k) + ":" + std::to_string(seq)
              + ":" + std::to_string(sent);
  m.sender->request({{"type", "group_send"},
                     {"group_id", group_id_},
                     {"kind", "text"},
                     {"body", std::move(body)}},
                    [this, k, seq, sent](const json& reply) {
                      auto& m = members_[k];
                      auto now = now_ns();
                      if (reply.value("type", "") != "ok") {
                        say_refused("group_send", reply);
                        ++m.failed;
                        ++failed_;
                        return;
                      }
                      m.msg_ids[seq]
                        = reply["data"].value("msg_id", std::int64_t{0});
                      m.ok_ns[seq] = now;
                      latencies_.ok_of(k).add(now - sent, run_second(now));
                      ++answered_;
                    });
}

// -- waiting ------------------------------------------------------------------

bool group_traffic::wait_for_senders(double timeout_s) {
  return wait_while_progressing(
    "send", opts_.senders * opts_.messages,
    [this] { return answered_.load() + failed_.load(); }, timeout_s);
}

bool group_traffic::wait_for_members(double timeout_s) {
  auto expected = answered_.load() * (members_.size() - 1);
  return wait_until_reached(
    "fan out", [expected] { return expected; },
    [this] { return received_.load(); }, timeout_s);
}

// -- the oracle ---------------------------------------------------------------

group_traffic::verdict group_traffic::check() {
  auto slots = opts_.senders * opts_.messages;
  // Per message slot: its ok time (-1 unless answered ok), how many members
  // got it, and when the last of them did.
  std::vector<std::int64_t> ok_ns(slots, -1);
  std::vector<std::size_t> receivers(slots, 0);
  std::vector<std::int64_t> last_ns(slots, not_received);
  verdict v;
  std::mutex mtx;
  pool_.run_for_each(members_.size(), [&](std::size_t k) {
    auto& m = members_[k];
    std::lock_guard<std::mutex> guard{mtx};
    for (std::size_t i = 0; i < slots; ++i) {
      if (m.received_ns[i] == not_received)
        continue;
      ++receivers[i];
      last_ns[i] = std::max(last_ns[i], m.received_ns[i]);
    }
    for (std::size_t seq = 0; seq < m.msg_ids.size(); ++seq)
      if (m.msg_ids[seq] != 0)
        ok_ns[k * opts_.messages + seq] = m.ok_ns[seq];
    v.failed += m.failed;
    v.duplicated += m.duplicated;
    v.out_of_order += m.out_of_order;
    v.sent_back += m.sent_back;
    v.leftovers += m.leftovers;
  });
  auto others = members_.size() - 1;
  for (std::size_t i = 0; i < slots; ++i) {
    if (ok_ns[i] < 0)
      continue;
    ++v.answered;
    v.expected += others;
    v.received += receivers[i];
    v.lost += others - receivers[i];
    if (receivers[i] < others || others == 0)
      continue;
    // A member's thread may read the push before the sender's thread reads
    // the ok: the fan-out then took no longer than the ok itself.
    fan_out_.add(std::max<std::int64_t>(0, last_ns[i] - ok_ns[i]),
                 run_second(ok_ns[i]));
  }
  return v;
}

latency_recorder group_traffic::ok_latency() {
  return latencies_.ok();
}

latency_recorder group_traffic::push_latency() {
  return latencies_.push();
}

group_traffic::clock::time_point group_traffic::first_send() const {
  return t0_
         + std::chrono::nanoseconds{
           std::max<std::int64_t>(0, first_send_ns_.load())};
}

group_traffic::clock::time_point group_traffic::last_push() const {
  return t0_ + std::chrono::nanoseconds{last_push_ns_.load()};
}

} // namespace troupe::bench
