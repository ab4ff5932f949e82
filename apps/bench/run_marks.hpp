#pragma once

// What the traffic scenarios write into message bodies so that receivers
// can read them back: this run's id, then fields separated by ':'.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/steady_timer.hpp>

namespace troupe::bench {

/// Returns a random id that tells this run's messages from an earlier
/// run's leftovers.
std::string make_run_id();

/// Returns the decimal number `text`, or -1 when it is none.
std::int64_t to_i64(std::string_view text);

/// Splits `text` at ':' into at most `n` fields (the last keeps the rest).
std::vector<std::string_view> split_fields(std::string_view text,
                                           std::size_t n);

/// Calls `step` at `due`, then every `interval` after it on a fixed
/// schedule (a late step does not delay the next), while it returns true.
void run_on_schedule(boost::asio::steady_timer& timer,
                     std::chrono::steady_clock::time_point due,
                     std::chrono::steady_clock::duration interval,
                     std::function<bool()> step);

} // namespace troupe::bench
