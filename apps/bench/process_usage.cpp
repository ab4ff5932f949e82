#include "apps/bench/process_usage.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace troupe::bench {

namespace {

/// Returns /proc/<pid>/<file>, or /proc/self/<file> for `pid` 0.
std::string proc_path(int pid, const char* file) {
  std::string path = "/proc/";
  path += pid == 0 ? std::string{"self"} : std::to_string(pid);
  path += '/';
  path += file;
  return path;
}

/// Reads a whole file into `out`; false if it cannot be read. /proc files
/// report a size of 0, so this reads until the end instead of by size.
bool read_file(const std::string& path, std::string& out) {
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad())
    return false;
  out = std::move(buf).str();
  return true;
}

/// Parses all of `text` as an unsigned decimal; false if it is not one.
bool parse_u64(const std::string& text, std::uint64_t& out) {
  auto first = text.data();
  auto last = first + text.size();
  auto [end, ec] = std::from_chars(first, last, out);
  return ec == std::errc{} && end == last && first != last;
}

} // namespace

double cpu_seconds(int pid) {
  if (pid < 0)
    return -1;
  std::string stat;
  if (!read_file(proc_path(pid, "stat"), stat))
    return -1;
  // Field 2, the command name in parentheses, may hold spaces and ')'; the
  // kernel writes nothing after it that could, so the last ')' ends it.
  auto close = stat.rfind(')');
  if (close == std::string::npos)
    return -1;
  std::istringstream fields{stat.substr(close + 1)};
  // The first field after the name is field 3 (state); utime is field 14
  // and stime field 15.
  std::string field;
  std::uint64_t utime = 0;
  std::uint64_t stime = 0;
  for (int number = 3; number <= 15; ++number) {
    if (!(fields >> field))
      return -1;
    if (number == 14 && !parse_u64(field, utime))
      return -1;
    if (number == 15 && !parse_u64(field, stime))
      return -1;
  }
  auto ticks = sysconf(_SC_CLK_TCK);
  if (ticks <= 0)
    return -1;
  return static_cast<double>(utime + stime) / static_cast<double>(ticks);
}

std::int64_t rss_bytes(int pid) {
  if (pid < 0)
    return -1;
  std::string status;
  if (!read_file(proc_path(pid, "status"), status))
    return -1;
  // The line reads "VmRSS:\t    1234 kB"; kernel threads have none.
  std::istringstream lines{status};
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("VmRSS:", 0) != 0)
      continue;
    std::istringstream words{line.substr(6)};
    std::string number;
    std::string unit;
    std::uint64_t kib = 0;
    if (!(words >> number >> unit) || unit != "kB" || !parse_u64(number, kib))
      return -1;
    return static_cast<std::int64_t>(kib * 1024);
  }
  return -1;
}

} // namespace troupe::bench
