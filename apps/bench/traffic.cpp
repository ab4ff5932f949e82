#include "apps/bench/traffic.hpp"

#include <mutex>
#include <thread>

#include "apps/bench/run_marks.hpp"
#include "apps/bench/waiting.hpp"

namespace troupe::bench {

namespace {

std::int64_t ns_between(traffic::clock::time_point from,
                        traffic::clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(to - from)
    .count();
}

} // namespace

traffic::traffic(const options& opts, client_pool& pool,
                 const std::vector<std::string>& names)
  : opts_(opts), pool_(pool), run_id_(make_run_id()), t0_(clock::now()),
    pairs_(names.size() / 2), latencies_(pool) {
  for (std::size_t k = 0; k < pairs_.size(); ++k) {
    pairs_[k].sender_name = names[2 * k];
    pairs_[k].receiver_name = names[2 * k + 1];
  }
}

traffic::~traffic() {
  pool_.stop();
}

std::uint32_t traffic::second_now() const {
  return static_cast<std::uint32_t>(
    std::chrono::duration_cast<std::chrono::seconds>(clock::now() - t0_)
      .count());
}

void traffic::attach_receiver(std::size_t k, session& s) {
  auto* receiver = &s;
  s.on_push([this, k, receiver](const json& push) {
    if (push.value("type", "") == "message")
      on_message(k, *receiver, push);
    else if (push.contains("id") && push["id"].is_number_integer())
      receiver->ack(push["id"].get<std::int64_t>());
  });
}

void traffic::on_message(std::size_t k, session& s, const json& push) {
  auto& p = pairs_[k];
  auto id = push.value("id", std::int64_t{0});
  s.ack(id);
  // Body: "<run>:<seq>:<sent ns>". Anything else is an earlier run's.
  auto body = push.value("body", std::string{});
  auto first = body.find(':');
  auto second = body.find(':', first + 1);
  if (first == std::string::npos || second == std::string::npos
      || body.compare(0, first, run_id_) != 0
      || push.value("from", "") != p.sender_name) {
    ++p.leftovers;
    return;
  }
  if (!p.seen.insert(id).second) {
    ++p.duplicated;
    return;
  }
  auto seq
    = to_i64(std::string_view{body}.substr(first + 1, second - first - 1));
  auto sent_ns = to_i64(std::string_view{body}.substr(second + 1));
  if (seq <= p.last_seq)
    ++p.out_of_order;
  p.last_seq = std::max(p.last_seq, seq);
  auto now = clock::now();
  latencies_.push_of(k).add(ns_between(t0_, now) - sent_ns, second_now());
  last_push_ns_ = ns_between(t0_, now);
  ++received_;
}

void traffic::start_sender(std::size_t k, std::shared_ptr<session> s) {
  pool_.post(k, [this, k, s = std::move(s)] {
    auto& p = pairs_[k];
    p.sender = s;
    if (opts_.rate > 0) {
      p.timer = std::make_unique<asio::steady_timer>(pool_.context_of(k));
      // Senders start spread over one interval: the node sees a steady
      // stream at the rate, not a burst of every sender at each tick.
      if (p.next_seq < opts_.messages)
        run_on_schedule(*p.timer,
                        clock::now() + open_loop_interval() * k / pairs_.size(),
                        open_loop_interval(), [this, k] {
                          send_next(k);
                          return pairs_[k].next_seq < opts_.messages;
                        });
      return;
    }
    for (std::size_t i = 0; i < opts_.window; ++i)
      send_next(k);
  });
}

traffic::clock::duration traffic::open_loop_interval() const {
  // Each sender's share of the rate, on a fixed schedule (no drift).
  return std::chrono::duration_cast<clock::duration>(
    std::chrono::duration<double>(static_cast<double>(pairs_.size())
                                  / opts_.rate));
}

void traffic::send_next(std::size_t k) {
  auto& p = pairs_[k];
  if (p.next_seq >= opts_.messages || !p.sender)
    return;
  auto seq = p.next_seq++;
  auto sent = clock::now();
  auto body = run_id_ + ":" + std::to_string(seq) + ":"
              + std::to_string(ns_between(t0_, sent));
  p.sender->request({{"type", "send"},
                     {"to", p.receiver_name},
                     {"kind", "text"},
                     {"body", std::move(body)}},
                    [this, k, sent](const json& reply) {
                      auto& p = pairs_[k];
                      auto now = clock::now();
                      if (reply.value("type", "") == "ok") {
                        ++p.answered;
                        p.answered_ids.push_back(
                          reply["data"].value("msg_id", std::int64_t{0}));
                        latencies_.ok_of(k).add(ns_between(sent, now),
                                                second_now());
                        last_answer_ns_ = ns_between(t0_, now);
                        ++answered_;
                      } else {
                        ++p.failed;
                        ++failed_;
                      }
                      if (opts_.rate <= 0)
                        send_next(k);
                    });
}

bool traffic::wait_for_senders(double timeout_s) {
  return wait_while_progressing(
    "send", pairs_.size() * opts_.messages,
    [this] { return answered_.load() + failed_.load(); }, timeout_s);
}

bool traffic::wait_for_receivers(double timeout_s) {
  return wait_until_reached(
    "receive", [this] { return answered_.load(); },
    [this] { return received_.load(); }, timeout_s);
}

traffic::verdict traffic::check() {
  verdict v;
  std::mutex mtx;
  pool_.run_for_each(pairs_.size(), [&](std::size_t k) {
    auto& p = pairs_[k];
    std::size_t lost = 0;
    for (auto id : p.answered_ids)
      if (p.seen.count(id) == 0)
        ++lost;
    std::lock_guard<std::mutex> guard{mtx};
    v.answered += p.answered;
    v.failed += p.failed;
    v.received += p.seen.size();
    v.lost += lost;
    v.duplicated += p.duplicated;
    v.out_of_order += p.out_of_order;
    v.leftovers += p.leftovers;
  });
  return v;
}

latency_recorder traffic::ok_latency() {
  return latencies_.ok();
}

latency_recorder traffic::push_latency() {
  return latencies_.push();
}

traffic::clock::time_point traffic::last_answer() const {
  return t0_ + std::chrono::nanoseconds{last_answer_ns_.load()};
}

traffic::clock::time_point traffic::last_push() const {
  return t0_ + std::chrono::nanoseconds{last_push_ns_.load()};
}

} // namespace troupe::bench
