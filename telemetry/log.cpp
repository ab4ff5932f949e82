#include "telemetry/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include <unistd.h>

namespace troupe::telemetry {

namespace {

std::atomic<log_level> threshold{log_level::info};

std::string_view label(log_level level) {
  switch (level) {
    case log_level::debug: return "DEBUG";
    case log_level::info: return "INFO ";
    case log_level::warning: return "WARN ";
    case log_level::error: return "ERROR";
  }
  return "?    ";
}

} // namespace

std::optional<log_level> log_level_from_string(std::string_view name) {
  if (name == "debug")
    return log_level::debug;
  if (name == "info")
    return log_level::info;
  if (name == "warning")
    return log_level::warning;
  if (name == "error")
    return log_level::error;
  return std::nullopt;
}

std::string format_duration(std::chrono::nanoseconds d) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(d).count();
  if (ms % 60000 == 0 && ms >= 60000)
    return std::to_string(ms / 60000) + "min";
  if (ms % 1000 == 0 && ms >= 1000)
    return std::to_string(ms / 1000) + "s";
  if (ms > 0)
    return std::to_string(ms) + "ms";
  return std::to_string(duration_cast<microseconds>(d).count()) + "us";
}

void set_log_level(log_level level) {
  threshold = level;
}

void log(log_level level, std::string_view message) {
  if (level < threshold.load(std::memory_order_relaxed))
    return;
  using namespace std::chrono;
  auto now = system_clock::now();
  auto secs = system_clock::to_time_t(now);
  auto millis
    = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char stamp[64];
  std::snprintf(stamp, sizeof(stamp), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ ",
                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  std::string line{stamp};
  line += label(level);
  line += ' ';
  line += message;
  line += '\n';
  // One write per line keeps lines whole when threads log at once.
  auto ignored = ::write(STDERR_FILENO, line.data(), line.size());
  static_cast<void>(ignored);
}

} // namespace troupe::telemetry
