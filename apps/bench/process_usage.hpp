#pragma once

// What a process uses, read from /proc.

#include <cstdint>

namespace troupe::bench {

/// CPU seconds used by a process so far, from /proc (`pid` 0: this one).
double cpu_seconds(int pid);

/// Resident set size of a process in bytes, from /proc/PID/status.
std::int64_t rss_bytes(int pid);

} // namespace troupe::bench
