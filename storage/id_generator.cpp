#include "storage/id_generator.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace troupe::storage {

namespace {

// 2025-01-01T00:00:00Z in milliseconds since the Unix epoch.
constexpr std::int64_t epoch_ms = 1'735'689'600'000;
constexpr unsigned sequence_bits = 7;
constexpr unsigned node_bits = 5;

std::uint64_t now_ms_since_epoch() {
  using namespace std::chrono;
  auto unix_ms
    = duration_cast<milliseconds>(system_clock::now().time_since_epoch())
        .count();
  return static_cast<std::uint64_t>(
    std::max<std::int64_t>(0, unix_ms - epoch_ms));
}

} // namespace

id_generator::id_generator(unsigned node_id) : node_(node_id) {
  if (node_id >= max_nodes)
    throw std::invalid_argument("node id must be below 32");
}

std::int64_t id_generator::next() {
  auto now = now_ms_since_epoch() << sequence_bits;
  auto prev = last_.load(std::memory_order_relaxed);
  std::uint64_t stamp;
  do {
    stamp = std::max(prev + 1, now);
  } while (
    !last_.compare_exchange_weak(prev, stamp, std::memory_order_relaxed));
  auto ms = stamp >> sequence_bits;
  auto sequence = stamp & ((1u << sequence_bits) - 1);
  return static_cast<std::int64_t>((ms << (node_bits + sequence_bits))
                                   | (node_ << sequence_bits) | sequence);
}

void id_generator::advance_past(std::int64_t id) {
  // The next id then falls in a later millisecond than `id`, so it is
  // larger whatever node issued `id`.
  auto ms = static_cast<std::uint64_t>(id) >> (node_bits + sequence_bits);
  auto stamp = ((ms + 1) << sequence_bits) - 1;
  auto prev = last_.load(std::memory_order_relaxed);
  while (
    prev < stamp
    && !last_.compare_exchange_weak(prev, stamp, std::memory_order_relaxed)) {
    // prev was reloaded: try again unless someone went further.
  }
}

std::int64_t id_generator::unix_ms_of(std::int64_t id) {
  return (id >> (node_bits + sequence_bits)) + epoch_ms;
}

} // namespace troupe::storage
