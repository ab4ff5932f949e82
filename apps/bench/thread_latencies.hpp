#pragma once

#include <cstddef>
#include <vector>

#include "apps/bench/client_pool.hpp"
#include "apps/bench/statistics.hpp"

namespace troupe::bench {

/// Send→ok and send→push latencies, recorded by each client thread into
/// recorders of its own (no lock on the hot path) and merged on the threads
/// once traffic has stopped.
class thread_latencies {
 public:
  explicit thread_latencies(client_pool& pool);

  /// The recorders of the thread user `k` lives on; only it touches them.
  latency_recorder& ok_of(std::size_t k);
  latency_recorder& push_of(std::size_t k);

  /// Returns every thread's samples merged.
  latency_recorder ok();
  latency_recorder push();

 private:
  struct per_thread {
    latency_recorder ok;
    latency_recorder push;
  };

  latency_recorder merged(latency_recorder per_thread::*which);

  client_pool& pool_;
  std::vector<per_thread> threads_;
};

} // namespace troupe::bench
