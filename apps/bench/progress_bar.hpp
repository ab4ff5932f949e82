#pragma once

// The progress bar the bench draws on stderr.

#include <cstddef>
#include <cstdint>
#include <string>

namespace troupe::bench {

/// Shows a one-line progress bar on stderr, redrawn at most every 100 ms.
class progress_bar {
 public:
  progress_bar(std::string label, std::size_t total);

  /// Sets how much is done; redraws if due.
  void update(std::size_t done);

  /// Draws the final state and ends the line.
  void finish();

 private:
  std::string label_;
  std::size_t total_;
  std::size_t done_ = 0;
  std::int64_t last_draw_ns_ = 0;
};

} // namespace troupe::bench
