#include "actors/token_bucket.hpp"

#include <algorithm>
#include <chrono>

namespace troupe::actors {

token_bucket::token_bucket(double rate, std::size_t burst)
  : rate_(rate), burst_(static_cast<double>(burst)) {
  // nop
}

bool token_bucket::ready(time_point now) {
  if (rate_ <= 0)
    return true;
  if (!started_) {
    started_ = true;
    tokens_ = burst_;
  } else {
    std::chrono::duration<double> elapsed = now - earned_until_;
    tokens_ = std::min(burst_, tokens_ + elapsed.count() * rate_);
  }
  earned_until_ = now;
  return tokens_ >= 1;
}

void token_bucket::spend() {
  if (rate_ > 0)
    tokens_ -= 1;
}

caf::timespan token_bucket::until_ready() const {
  if (rate_ <= 0 || tokens_ >= 1)
    return caf::timespan{0};
  // Should rounding leave the token a hair short when the wait is over, the
  // caller just waits again.
  std::chrono::duration<double> wait{(1 - tokens_) / rate_};
  return std::chrono::duration_cast<caf::timespan>(wait);
}

} // namespace troupe::actors
