// The progress bar on a file and on a terminal.

#include "apps/bench/progress_bar.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include "tests/bench/report_helpers.hpp"

using namespace std::chrono_literals;
using troupe::bench::progress_bar;
using troupe::test::contains;
using troupe::test::spin;

namespace {

/// Points fd 2 at another file while alive.
class stderr_redirect {
 public:
  explicit stderr_redirect(int fd) : saved_(dup(STDERR_FILENO)) {
    std::fflush(stderr);
    dup2(fd, STDERR_FILENO);
  }

  ~stderr_redirect() {
    std::fflush(stderr);
    dup2(saved_, STDERR_FILENO);
    close(saved_);
  }

  stderr_redirect(const stderr_redirect&) = delete;
  stderr_redirect& operator=(const stderr_redirect&) = delete;

 private:
  int saved_;
};

std::string read_all(std::FILE* file) {
  std::rewind(file);
  std::string result;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, file)) > 0)
    result.append(buf, n);
  return result;
}

/// Returns what a bar shows for `done` of 10 with label "load".
std::string bar_of_ten(std::size_t done) {
  std::string cells(done * 3, '#');
  cells.append(30 - done * 3, '.');
  return "load [" + cells + "] " + std::to_string(done) + "/10  "
         + std::to_string(done * 10) + "%";
}

} // namespace

TEST_CASE("progress_bar prints only its final line when stderr is a file") {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file{std::tmpfile(),
                                                       &std::fclose};
  REQUIRE(file != nullptr);
  {
    stderr_redirect redirect{fileno(file.get())};
    progress_bar bar{"load", 10};
    for (std::size_t done = 0; done <= 3; ++done)
      bar.update(done);
    bar.finish();
    bar.update(9); // After finish: nothing more.
    bar.finish();
  }
  CHECK(read_all(file.get()) == bar_of_ten(3) + "\n");
}

TEST_CASE("progress_bar shows counts beyond the total or of nothing as full") {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file{std::tmpfile(),
                                                       &std::fclose};
  REQUIRE(file != nullptr);
  {
    stderr_redirect redirect{fileno(file.get())};
    progress_bar over{"over", 10};
    over.update(15);
    over.finish();
    progress_bar none{"none", 0};
    none.finish();
  }
  std::string full(30, '#');
  CHECK(read_all(file.get())
        == "over [" + full + "] 15/10  100%\nnone [" + full + "] 0/0  100%\n");
}

TEST_CASE("progress_bar redraws in place on a terminal, at most every "
          "100 ms") {
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
    MESSAGE("no pseudo-terminal here; skipped");
    if (master >= 0)
      close(master);
    return;
  }
  int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
  REQUIRE(slave >= 0);
  // Raw mode: the terminal passes "\n" through instead of writing "\r\n".
  termios mode{};
  REQUIRE(tcgetattr(slave, &mode) == 0);
  cfmakeraw(&mode);
  REQUIRE(tcsetattr(slave, TCSANOW, &mode) == 0);
  const std::string sentinel = "<end>";
  bool quick = true;
  {
    stderr_redirect redirect{slave};
    progress_bar bar{"load", 10};
    auto start = std::chrono::steady_clock::now();
    bar.update(3); // The first update draws.
    auto drawn = std::chrono::steady_clock::now();
    bar.update(4); // Too soon.
    quick = std::chrono::steady_clock::now() - start < 100ms;
    // Wait on the clock, not a sleep: the next draw is due 100 ms after the
    // first, which happened before `drawn`.
    while (std::chrono::steady_clock::now() < drawn + 110ms)
      spin();
    bar.update(5);
    auto redrawn = std::chrono::steady_clock::now();
    bar.update(6); // Too soon again.
    quick = quick && std::chrono::steady_clock::now() - redrawn < 100ms;
    bar.finish();
    bar.update(9); // After finish: nothing more.
    bar.finish();
    REQUIRE(write(slave, sentinel.data(), sentinel.size())
            == static_cast<ssize_t>(sentinel.size()));
  }
  // The terminal hands the output to the master side asynchronously; read
  // until the sentinel arrives.
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!contains(out, sentinel)
         && std::chrono::steady_clock::now() < deadline) {
    pollfd ready{master, POLLIN, 0};
    if (poll(&ready, 1, 100) <= 0)
      continue;
    char buf[1024];
    auto n = read(master, buf, sizeof buf);
    if (n <= 0)
      break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  close(slave);
  close(master);
  auto expected = "\r" + bar_of_ten(3) + "\r" + bar_of_ten(5) + "\r"
                  + bar_of_ten(6) + "\n" + sentinel;
  if (quick) {
    CHECK(out == expected);
  } else {
    // A stalled machine may have let a "too soon" update draw as well.
    MESSAGE("updates were slower than 100 ms; checking loosely");
    CHECK(contains(out, "\r" + bar_of_ten(3)));
    CHECK(contains(out, "\r" + bar_of_ten(5)));
    CHECK(contains(out, "\r" + bar_of_ten(6) + "\n" + sentinel));
  }
}
