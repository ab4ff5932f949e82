#include "tests/bench/bench_run.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include "tests/support/test_backend.hpp"

namespace troupe::test {

const std::vector<std::string> bench_node_args{
  "--auth.registrations_per_minute=1000000",
  "--auth.address_failure_limit=1000000"};

bench_run run_bench(const std::string& scenario,
                    const std::vector<std::string>& args) {
  auto dir = make_temp_dir();
  std::vector<std::string> argv{TROUPE_BENCH_BINARY, scenario,
                                "--json=" + dir + "/report.json"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto log_fd
    = open((dir + "/bench.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  auto pid = spawn_process(argv, log_fd, log_fd);
  close(log_fd);
  auto status = wait_for_exit(pid);
  auto text = read_file(dir + "/report.json");
  INFO("troupe-bench output:\n" << read_file(dir + "/bench.log"));
  REQUIRE(!text.empty());
  return {status, nlohmann::json::parse(text)};
}

void check_clean_oracle(const nlohmann::json& report,
                        std::size_t expected_messages) {
  INFO("report: " << report.dump(2));
  const auto& oracle = report.at("oracle");
  CHECK(report.at("finished") == true);
  CHECK(oracle.at("answered_ok") == expected_messages);
  CHECK(oracle.at("failed") == 0);
  CHECK(oracle.at("received") == expected_messages);
  CHECK(oracle.at("lost") == 0);
  CHECK(oracle.at("duplicated") == 0);
  CHECK(oracle.at("out_of_order") == 0);
}

} // namespace troupe::test
