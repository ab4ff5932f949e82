// CPU time and memory read from /proc.

#include "apps/bench/process_usage.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <memory>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tests/bench/report_helpers.hpp"

using namespace std::chrono_literals;
using troupe::bench::cpu_seconds;
using troupe::bench::rss_bytes;
using troupe::test::contains;
using troupe::test::spin;

namespace {

double rusage_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec)
           + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// A pid above Linux's PID_MAX_LIMIT (2^22), so no process has it.
constexpr int absent_pid = 999999999;

} // namespace

TEST_CASE("rss_bytes grows after 64 MiB are touched") {
  auto before = rss_bytes(0);
  REQUIRE(before > 0);
  CHECK(rss_bytes(getpid()) > 0);
  constexpr std::size_t size = 64u << 20;
  auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  std::unique_ptr<char[]> block{new char[size]};
  // One volatile write per page makes each page resident.
  volatile char* bytes = block.get();
  for (std::size_t i = 0; i < size; i += page)
    bytes[i] = 1;
  auto after = rss_bytes(0);
  CHECK(after - before >= std::int64_t{48} << 20);
  CHECK(after % 1024 == 0);
}

TEST_CASE("rss_bytes is -1 for a process that does not exist") {
  CHECK(rss_bytes(absent_pid) == -1);
  CHECK(rss_bytes(-1) == -1);
}

TEST_CASE("cpu_seconds grows while this process works") {
  auto before = cpu_seconds(0);
  REQUIRE(before >= 0);
  auto deadline = std::chrono::steady_clock::now() + 5s;
  auto now = before;
  while (now < before + 0.01 && std::chrono::steady_clock::now() < deadline) {
    spin();
    now = cpu_seconds(0);
  }
  CHECK(now >= before + 0.01);
  CHECK(now < before + 5.5);
}

TEST_CASE("cpu_seconds agrees with getrusage, by pid or as self") {
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (rusage_seconds() < 0.2 && std::chrono::steady_clock::now() < deadline)
    spin();
  auto reference = rusage_seconds();
  // Below that, a misread field near 0 could pass the comparison.
  REQUIRE(reference >= 0.2);
  CHECK(std::abs(cpu_seconds(0) - reference) < 0.05);
  CHECK(std::abs(cpu_seconds(getpid()) - reference) < 0.05);
}

TEST_CASE("cpu_seconds reads a process whose name holds spaces and "
          "parentheses") {
  char saved[17] = {};
  REQUIRE(prctl(PR_GET_NAME, saved) == 0);
  // Split on spaces, "1 2 3 4 5" would shift every field after the name.
  REQUIRE(prctl(PR_SET_NAME, "a) 1 2 3 4 5 (") == 0);
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (rusage_seconds() < 0.2 && std::chrono::steady_clock::now() < deadline)
    spin();
  auto reference = rusage_seconds();
  auto measured = cpu_seconds(0);
  prctl(PR_SET_NAME, saved);
  REQUIRE(reference >= 0.2);
  CHECK(std::abs(measured - reference) < 0.05);
}

TEST_CASE("cpu_seconds is -1 for a process that does not exist") {
  CHECK(cpu_seconds(absent_pid) == -1);
  CHECK(cpu_seconds(-1) == -1);
}
