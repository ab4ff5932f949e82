#include "apps/bench/victim_probe.hpp"

#include "apps/bench/output.hpp"
#include "apps/bench/run_marks.hpp"

namespace troupe::bench {

namespace {

using clock = attack_answers::clock;

constexpr auto probe_interval = std::chrono::seconds{1};

/// The probe's pool: one thread, from the honest clients' addresses.
options probe_pool(const options& opts) {
  auto out = opts;
  out.threads = 1;
  return out;
}

std::int64_t ns_since(clock::time_point from) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now()
                                                              - from)
    .count();
}

} // namespace

victim_probe::victim_probe(const options& opts, std::string victim)
  : pool_(probe_pool(opts)), victim_(std::move(victim)),
    password_(opts.password), timer_(pool_.context_of(0)) {
  // nop
}

victim_probe::~victim_probe() {
  stop();
}

void victim_probe::start() {
  pool_.post(0, [this] {
    started_ = clock::now();
    run_on_schedule(timer_, started_, probe_interval, [this] {
      attempt();
      return !stopping_;
    });
  });
}

void victim_probe::stop() {
  if (stopped_)
    return;
  stopped_ = true;
  pool_.run_for_each(1, [this](std::size_t) {
    stopping_ = true;
    timer_.cancel();
    if (current_) {
      answers_.count("unfinished_at_stop");
      finish_attempt();
    }
  });
  pool_.stop();
}

void victim_probe::attempt() {
  if (current_)
    return; // The last attempt is still waiting for the node.
  auto s = pool_.make_session(0, victim_, 0);
  current_ = s;
  attempt_started_ = clock::now();
  s->ack_all_pushes();
  std::weak_ptr<session> weak = s;
  s->connection().on_closed([this, weak](error_code) {
    if (!current_ || weak.lock() != current_)
      return; // Closed by the probe.
    answers_.count("closed_by_node");
    current_.reset();
  });
  s->open("/ws", [this, weak](bool opened) {
    auto s = weak.lock();
    if (!s || s != current_)
      return;
    if (!opened) {
      answers_.count("refused");
      current_.reset();
      return;
    }
    json login{
      {"type", "login"}, {"username", victim_}, {"password", password_}};
    s->request(std::move(login), [this, weak](const json& reply) {
      auto s = weak.lock();
      if (!s || s != current_)
        return;
      auto ns = ns_since(attempt_started_);
      login_latency_.add(
        ns, static_cast<std::uint32_t>(ns_since(started_) / 1'000'000'000));
      answers_.count_reply(reply, "login:");
      if (reply.value("type", "") != "ok")
        return finish_attempt();
      s->request({{"type", "friend_requests"}}, [this, weak](const json& r) {
        if (weak.lock() != current_)
          return;
        answers_.count_reply(r, "friend_requests:");
        finish_attempt();
      });
    });
  });
}

void victim_probe::finish_attempt() {
  auto s = std::move(current_);
  s->connection().close();
}

json victim_probe::report() const {
  return {{"victim", victim_},
          {"answers", answers_.to_json()},
          {"login", latency_json(login_latency_)}};
}

} // namespace troupe::bench
