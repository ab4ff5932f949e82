#include "apps/bench/run_marks.hpp"

#include <charconv>
#include <random>

namespace troupe::bench {

std::string make_run_id() {
  std::random_device rd;
  return std::to_string(rd() % 1'000'000'000);
}

std::int64_t to_i64(std::string_view text) {
  std::int64_t value = -1;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::vector<std::string_view> split_fields(std::string_view text,
                                           std::size_t n) {
  std::vector<std::string_view> fields;
  while (fields.size() + 1 < n) {
    auto colon = text.find(':');
    if (colon == std::string_view::npos)
      break;
    fields.push_back(text.substr(0, colon));
    text.remove_prefix(colon + 1);
  }
  fields.push_back(text);
  return fields;
}

void run_on_schedule(boost::asio::steady_timer& timer,
                     std::chrono::steady_clock::time_point due,
                     std::chrono::steady_clock::duration interval,
                     std::function<bool()> step) {
  timer.expires_at(due);
  timer.async_wait([&timer, due, interval,
                    step = std::move(step)](boost::system::error_code ec) {
    if (ec || !step())
      return;
    run_on_schedule(timer, due + interval, interval, step);
  });
}

} // namespace troupe::bench
