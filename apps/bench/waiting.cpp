#include "apps/bench/waiting.hpp"

#include <chrono>
#include <thread>

#include "apps/bench/progress_bar.hpp"

namespace troupe::bench {

namespace {

using clock = std::chrono::steady_clock;

constexpr auto poll_interval = std::chrono::milliseconds{50};

clock::duration seconds(double s) {
  return std::chrono::duration_cast<clock::duration>(
    std::chrono::duration<double>(s));
}

} // namespace

bool wait_while_progressing(const std::string& label, std::size_t total,
                            const std::function<std::size_t()>& done,
                            double stall_s) {
  progress_bar bar{label, total};
  auto last_done = done();
  auto last_change = clock::now();
  for (auto now_done = last_done; now_done < total; now_done = done()) {
    bar.update(now_done);
    if (now_done != last_done) {
      last_done = now_done;
      last_change = clock::now();
    } else if (clock::now() - last_change > seconds(stall_s)) {
      bar.finish();
      return false;
    }
    std::this_thread::sleep_for(poll_interval);
  }
  bar.update(total);
  bar.finish();
  return true;
}

bool wait_until_reached(const std::string& label,
                        const std::function<std::size_t()>& total,
                        const std::function<std::size_t()>& done,
                        double timeout_s) {
  auto deadline = clock::now() + seconds(timeout_s);
  progress_bar bar{label, total()};
  while (done() < total()) {
    bar.update(done());
    if (clock::now() > deadline) {
      bar.finish();
      return false;
    }
    std::this_thread::sleep_for(poll_interval);
  }
  bar.update(done());
  bar.finish();
  return true;
}

} // namespace troupe::bench
