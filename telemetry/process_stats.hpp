#pragma once

// What this process uses, read from /proc/self, for the `process_*`
// metrics every Prometheus client library exports.

#include <cstdint>

namespace troupe::telemetry {

struct process_stats {
  double cpu_seconds = 0;
  std::int64_t resident_bytes = 0;
  std::int64_t virtual_bytes = 0;
  std::int64_t open_fds = 0;
  std::int64_t max_fds = 0;
  /// Since the Unix epoch.
  double start_time_seconds = 0;
};

/// Reads this process's readings; a field that cannot be read stays 0.
process_stats read_process_stats();

} // namespace troupe::telemetry
