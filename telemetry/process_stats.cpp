#include "telemetry/process_stats.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace troupe::telemetry {

namespace {

/// The fields of /proc/self/stat after the command name (which may hold
/// spaces, hence the search for its closing parenthesis); field 3 of
/// proc(5) comes first.
std::vector<std::string> stat_fields() {
  std::ifstream in{"/proc/self/stat"};
  std::string line{std::istreambuf_iterator<char>{in},
                   std::istreambuf_iterator<char>{}};
  auto end_of_name = line.rfind(')');
  if (end_of_name == std::string::npos)
    return {};
  std::istringstream rest{line.substr(end_of_name + 1)};
  return {std::istream_iterator<std::string>{rest},
          std::istream_iterator<std::string>{}};
}

/// Seconds since the epoch at which the machine booted, from /proc/stat.
double boot_time_seconds() {
  std::ifstream in{"/proc/stat"};
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime" && in >> value)
      return value;
    in.ignore(4096, '\n');
  }
  return 0;
}

std::int64_t count_open_fds() {
  auto* dir = opendir("/proc/self/fd");
  if (dir == nullptr)
    return 0;
  std::int64_t n = 0;
  while (auto* entry = readdir(dir))
    if (entry->d_name[0] != '.')
      ++n;
  closedir(dir);
  return n - 1; // the directory stream's own descriptor
}

} // namespace

process_stats read_process_stats() {
  process_stats out;
  auto fields = stat_fields();
  // proc(5) numbers from 1; fields[0] is field 3.
  auto field = [&](std::size_t number) -> double {
    return number - 3 < fields.size() ? std::stod(fields[number - 3]) : 0.0;
  };
  auto ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  auto page = static_cast<double>(sysconf(_SC_PAGESIZE));
  if (!fields.empty() && ticks > 0) {
    out.cpu_seconds = (field(14) + field(15)) / ticks;
    out.start_time_seconds = boot_time_seconds() + field(22) / ticks;
    out.virtual_bytes = static_cast<std::int64_t>(field(23));
    out.resident_bytes = static_cast<std::int64_t>(field(24) * page);
  }
  out.open_fds = count_open_fds();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0)
    out.max_fds = static_cast<std::int64_t>(limit.rlim_cur);
  return out;
}

} // namespace troupe::telemetry
