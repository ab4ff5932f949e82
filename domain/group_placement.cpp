#include "domain/group_placement.hpp"

namespace troupe::domain {

namespace {

/// SplitMix64's finaliser: every input bit moves every output bit, so
/// group ids that differ a little (ids are mostly time) weigh unrelated.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

std::uint64_t weight(std::int64_t group_id, std::uint32_t node) {
  return mix(mix(static_cast<std::uint64_t>(group_id)) ^ node);
}

} // namespace

std::uint32_t place_group(std::int64_t group_id,
                          const std::vector<std::uint32_t>& nodes) {
  auto best = nodes.front();
  auto best_weight = weight(group_id, best);
  for (auto node : nodes) {
    auto w = weight(group_id, node);
    // Equal weights (all but impossible) go to the higher node number, so
    // the order of `nodes` never matters.
    if (w > best_weight || (w == best_weight && node > best)) {
      best = node;
      best_weight = w;
    }
  }
  return best;
}

} // namespace troupe::domain
