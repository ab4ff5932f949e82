#include "apps/bench/progress_bar.hpp"

#include <chrono>
#include <cstdio>
#include <limits>

#include <unistd.h>

namespace troupe::bench {

namespace {

constexpr std::int64_t redraw_interval_ns = 100'000'000;
constexpr std::size_t bar_width = 30;

/// Marks a bar whose final state was drawn, so it never draws again.
constexpr std::int64_t finished_mark = std::numeric_limits<std::int64_t>::max();

std::int64_t steady_now_ns() {
  using namespace std::chrono;
  return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch())
    .count();
}

/// Returns "<label> [#####.....] done/total  NN%".
std::string render_bar(const std::string& label, std::size_t done,
                       std::size_t total) {
  // Integers, so 3 of 10 fills exactly 9 of 30 cells; halve huge counts
  // first so that multiplying by 100 cannot overflow.
  auto shown = std::min(done, total);
  auto whole = total;
  while (whole > std::numeric_limits<std::size_t>::max() / 100) {
    shown /= 2;
    whole /= 2;
  }
  auto filled = whole == 0 ? bar_width : shown * bar_width / whole;
  auto percent = whole == 0 ? 100 : shown * 100 / whole;
  std::string out = label;
  out += " [";
  out.append(filled, '#');
  out.append(bar_width - filled, '.');
  out += "] ";
  out += std::to_string(done);
  out += '/';
  out += std::to_string(total);
  out += "  ";
  out += std::to_string(percent);
  out += '%';
  return out;
}

void write_stderr(const std::string& text) {
  // One write per line, so other threads' stderr output cannot split it.
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

} // namespace

progress_bar::progress_bar(std::string label, std::size_t total)
  : label_(std::move(label)), total_(total) {
  // nop
}

void progress_bar::update(std::size_t done) {
  done_ = done;
  auto now = steady_now_ns();
  // Checks the clock before isatty: update may run in a hot loop, and
  // steady_clock needs no system call. last_draw_ns_ starts at 0 and the
  // monotonic clock counts from boot, so the first update draws.
  if (last_draw_ns_ == finished_mark
      || now - last_draw_ns_ < redraw_interval_ns)
    return;
  last_draw_ns_ = now;
  if (isatty(STDERR_FILENO) == 1)
    write_stderr("\r" + render_bar(label_, done_, total_));
}

void progress_bar::finish() {
  if (last_draw_ns_ == finished_mark)
    return;
  last_draw_ns_ = finished_mark;
  // Logs get one plain line; a terminal gets the bar redrawn in place.
  auto line = render_bar(label_, done_, total_) + "\n";
  write_stderr(isatty(STDERR_FILENO) == 1 ? "\r" + line : line);
}

} // namespace troupe::bench
