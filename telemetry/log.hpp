#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace troupe::telemetry {

enum class log_level {
  debug,
  info,
  warning,
  error,
};

/// Returns the level named `name` ("debug", "info", "warning", "error").
std::optional<log_level> log_level_from_string(std::string_view name);

/// Returns `d` for humans: "250ms", "10s", "2min".
std::string format_duration(std::chrono::nanoseconds d);

/// Sets the least severe level that is written; `info` by default.
void set_log_level(log_level level);

/// Writes one timestamped line to stderr, atomically with respect to other
/// lines. Thread-safe.
void log(log_level level, std::string_view message);

inline void log_debug(std::string_view message) {
  log(log_level::debug, message);
}

inline void log_info(std::string_view message) {
  log(log_level::info, message);
}

inline void log_warning(std::string_view message) {
  log(log_level::warning, message);
}

inline void log_error(std::string_view message) {
  log(log_level::error, message);
}

} // namespace troupe::telemetry
