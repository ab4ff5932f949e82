#include "apps/bench/rss_sampler.hpp"

#include <algorithm>
#include <chrono>

#include "apps/bench/process_usage.hpp"

namespace troupe::bench {

namespace {

constexpr auto sample_interval = std::chrono::milliseconds{250};

} // namespace

rss_sampler::rss_sampler(int pid) : pid_(pid) {
  if (pid_ <= 0)
    return;
  sample();
  thread_ = std::thread{[this] {
    while (running_) {
      std::this_thread::sleep_for(sample_interval);
      sample();
    }
  }};
}

rss_sampler::~rss_sampler() {
  stop();
}

void rss_sampler::stop() {
  running_ = false;
  if (thread_.joinable()) {
    thread_.join();
    sample();
  }
}

void rss_sampler::sample() {
  auto rss = rss_bytes(pid_);
  if (rss < 0)
    return;
  std::lock_guard<std::mutex> guard{mtx_};
  if (summary_.first < 0)
    summary_.first = rss;
  summary_.peak = std::max(summary_.peak, rss);
  summary_.last = rss;
}

rss_sampler::summary rss_sampler::so_far() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return summary_;
}

} // namespace troupe::bench
