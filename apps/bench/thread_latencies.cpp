#include "apps/bench/thread_latencies.hpp"

#include <mutex>

namespace troupe::bench {

thread_latencies::thread_latencies(client_pool& pool)
  : pool_(pool), threads_(pool.threads()) {
  // nop
}

latency_recorder& thread_latencies::ok_of(std::size_t k) {
  return threads_[k % threads_.size()].ok;
}

latency_recorder& thread_latencies::push_of(std::size_t k) {
  return threads_[k % threads_.size()].push;
}

latency_recorder thread_latencies::ok() {
  return merged(&per_thread::ok);
}

latency_recorder thread_latencies::push() {
  return merged(&per_thread::push);
}

latency_recorder thread_latencies::merged(latency_recorder per_thread::*which) {
  latency_recorder all;
  std::mutex mtx;
  countdown left{threads_.size()};
  for (std::size_t t = 0; t < threads_.size(); ++t)
    pool_.post(t, [&, t] {
      {
        std::lock_guard<std::mutex> guard{mtx};
        all.merge(threads_[t].*which);
      }
      // Last: once every thread is done, the waiting caller returns and
      // `mtx` is gone.
      left.done();
    });
  while (!left.finished())
    left.wait_for(100);
  return all;
}

} // namespace troupe::bench
