#include "apps/bench/process_usage.hpp"
#include "apps/bench/progress_bar.hpp"
#include "apps/bench/statistics.hpp"
#include "apps/bench/svg_chart.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>

using namespace std::chrono_literals;
using troupe::bench::cpu_seconds;
using troupe::bench::latency_recorder;
using troupe::bench::line_chart;
using troupe::bench::progress_bar;
using troupe::bench::rss_bytes;
using troupe::bench::series;
using troupe::bench::slope;

namespace {

// -- helpers ------------------------------------------------------------------

/// Returns a recorder holding 1..100 in shuffled order, all in `second`.
latency_recorder one_to_hundred(std::uint32_t second = 0) {
  std::vector<std::int64_t> values;
  for (std::int64_t v = 1; v <= 100; ++v)
    values.push_back(v);
  std::shuffle(values.begin(), values.end(), std::mt19937{42});
  latency_recorder result;
  for (auto v : values)
    result.add(v, second);
  return result;
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos;
       pos = text.find(needle, pos + needle.size()))
    ++n;
  return n;
}

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

/// Returns the first reason `doc` is not well-formed XML with one <svg>
/// root, or "" if none is found. Checks nesting, quoting and entities, not
/// the whole XML grammar.
std::string xml_problem(const std::string& doc) {
  std::vector<std::string> open;
  bool root_seen = false;
  std::size_t pos = 0;
  auto check_text = [&](std::size_t from, std::size_t to) -> std::string {
    for (auto i = from; i < to; ++i) {
      if (doc[i] == '>')
        return "raw '>' in text at " + std::to_string(i);
      if (doc[i] != '&')
        continue;
      auto rest = doc.substr(i, 6);
      if (rest.rfind("&amp;", 0) != 0 && rest.rfind("&lt;", 0) != 0
          && rest.rfind("&gt;", 0) != 0 && rest.rfind("&quot;", 0) != 0
          && rest.rfind("&apos;", 0) != 0)
        return "bare '&' at " + std::to_string(i);
    }
    return "";
  };
  while (pos < doc.size()) {
    auto lt = doc.find('<', pos);
    auto text_end = lt == std::string::npos ? doc.size() : lt;
    if (open.empty()) {
      if (doc.find_first_not_of(" \t\r\n", pos) < text_end)
        return "text outside the root at " + std::to_string(pos);
    } else if (auto problem = check_text(pos, text_end); !problem.empty()) {
      return problem;
    }
    if (lt == std::string::npos)
      break;
    // Find the tag's end outside quoted attribute values.
    auto gt = lt + 1;
    char quote = 0;
    for (; gt < doc.size(); ++gt) {
      if (quote != 0) {
        if (doc[gt] == quote)
          quote = 0;
        else if (doc[gt] == '<')
          return "'<' in an attribute at " + std::to_string(gt);
      } else if (doc[gt] == '"' || doc[gt] == '\'') {
        quote = doc[gt];
      } else if (doc[gt] == '<') {
        return "'<' inside a tag at " + std::to_string(gt);
      } else if (doc[gt] == '>') {
        break;
      }
    }
    if (gt >= doc.size())
      return "unterminated tag at " + std::to_string(lt);
    auto tag = doc.substr(lt + 1, gt - lt - 1);
    if (auto problem = check_text(lt + 1, gt); !problem.empty())
      return problem;
    auto name_of = [](const std::string& s) {
      return s.substr(0, s.find_first_of(" \t\r\n/"));
    };
    if (!tag.empty() && tag.front() == '/') {
      if (open.empty() || open.back() != name_of(tag.substr(1)))
        return "mismatched </" + tag.substr(1) + ">";
      open.pop_back();
    } else {
      if (open.empty()) {
        if (root_seen || name_of(tag) != "svg")
          return "root is not one <svg>";
        root_seen = true;
      }
      if (tag.empty() || tag.back() != '/')
        open.push_back(name_of(tag));
    }
    pos = gt + 1;
  }
  if (!open.empty())
    return "unclosed <" + open.back() + ">";
  if (!root_seen)
    return "no root";
  return "";
}

/// Returns the (x, y) pairs of every polyline's points attribute, in order.
std::vector<std::vector<std::pair<double, double>>>
polyline_points(const std::string& svg) {
  std::vector<std::vector<std::pair<double, double>>> result;
  for (auto pos = svg.find("<polyline"); pos != std::string::npos;
       pos = svg.find("<polyline", pos + 1)) {
    auto start = svg.find("points=\"", pos) + 8;
    auto end = svg.find('"', start);
    auto text = svg.substr(start, end - start);
    std::replace(text.begin(), text.end(), ',', ' ');
    std::istringstream in{text};
    std::vector<std::pair<double, double>> points;
    double x = 0;
    double y = 0;
    while (in >> x >> y)
      points.emplace_back(x, y);
    result.push_back(points);
  }
  return result;
}

/// Returns the stroke colour of every polyline, in order.
std::vector<std::string> polyline_colours(const std::string& svg) {
  std::vector<std::string> result;
  for (auto pos = svg.find("<polyline"); pos != std::string::npos;
       pos = svg.find("<polyline", pos + 1)) {
    auto start = svg.find("stroke=\"", pos) + 8;
    result.push_back(svg.substr(start, svg.find('"', start) - start));
  }
  return result;
}

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

double rusage_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec)
           + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// Burns CPU for a short while; volatile keeps the loop from vanishing.
void spin() {
  volatile std::uint64_t acc = 0;
  for (int i = 0; i < 100000; ++i)
    acc = acc + static_cast<std::uint64_t>(i) * 2654435761u;
}

// A pid above Linux's PID_MAX_LIMIT (2^22), so no process has it.
constexpr int absent_pid = 999999999;

} // namespace

// -- latency_recorder ---------------------------------------------------------

TEST_CASE("quantiles of 1 to 100 follow the nearest rank") {
  auto r = one_to_hundred();
  CHECK(r.count() == 100);
  CHECK(r.quantile(0.5) == 50);
  CHECK(r.quantile(0.99) == 99);
  CHECK(r.quantile(0.0) == 1);
  CHECK(r.quantile(1.0) == 100);
  CHECK(r.quantile(0.9) == 90);
  CHECK(r.quantile(0.001) == 1);
  CHECK(r.quantile(0.995) == 100);
  CHECK(r.max() == 100);
}

TEST_CASE("quantiles are not shifted by q times n rounding up in binary") {
  // 0.07 * 100 and 0.14 * 100 come out just above 7 and 14 in doubles.
  auto r = one_to_hundred();
  CHECK(r.quantile(0.07) == 7);
  CHECK(r.quantile(0.14) == 14);
  CHECK(r.quantile(0.29) == 29);
}

TEST_CASE("quantiles outside 0 to 1 are clamped to the extremes") {
  auto r = one_to_hundred();
  CHECK(r.quantile(-0.5) == 1);
  CHECK(r.quantile(2.0) == 100);
  CHECK(r.quantile(std::numeric_limits<double>::quiet_NaN()) == 1);
}

TEST_CASE("an empty recorder reports zero for every statistic") {
  const latency_recorder r;
  CHECK(r.count() == 0);
  CHECK(r.quantile(0.0) == 0);
  CHECK(r.quantile(0.5) == 0);
  CHECK(r.quantile(1.0) == 0);
  CHECK(r.max() == 0);
  CHECK(r.by_second().empty());
}

TEST_CASE("one sample is every quantile") {
  latency_recorder r;
  r.add(-3, 0); // A clock step back must not be lost or reordered.
  CHECK(r.quantile(0.0) == -3);
  CHECK(r.quantile(0.5) == -3);
  CHECK(r.quantile(1.0) == -3);
  CHECK(r.max() == -3);
}

TEST_CASE("quantiles see samples added after an earlier read") {
  latency_recorder r;
  for (std::int64_t v = 10; v >= 1; --v)
    r.add(v, 0);
  const latency_recorder& view = r;
  CHECK(view.quantile(1.0) == 10);
  CHECK(view.quantile(0.0) == 1);
  r.add(0, 1); // Below the sorted maximum.
  CHECK(view.quantile(0.0) == 0);
  r.add(50, 1); // Above it.
  CHECK(view.max() == 50);
  r.add(5, 1);
  CHECK(view.count() == 13);
  // Sorted: 0 1 2 3 4 5 5 6 7 8 9 10 50; the 7th of 13 is 5.
  CHECK(view.quantile(0.5) == 5);
  CHECK(view.quantile(12.0 / 13) == 10);
}

TEST_CASE("merge appends the other recorder's samples") {
  latency_recorder low;
  latency_recorder high;
  for (std::int64_t v = 1; v <= 50; ++v) {
    low.add(v, 0);
    high.add(v + 50, 1);
  }
  CHECK(low.max() == 50); // Sorted before the merge.
  low.merge(high);
  CHECK(low.count() == 100);
  CHECK(low.quantile(0.5) == 50);
  CHECK(low.quantile(0.99) == 99);
  CHECK(low.max() == 100);
  CHECK(high.count() == 50);
  CHECK(high.quantile(0.0) == 51);
  auto seconds = low.by_second();
  REQUIRE(seconds.size() == 2);
  CHECK(seconds[0].count == 50);
  CHECK(seconds[1].count == 50);

  low.merge(latency_recorder{});
  CHECK(low.count() == 100);
}

TEST_CASE("a recorder merged into itself holds every sample twice") {
  latency_recorder r;
  r.add(3, 0);
  r.add(1, 0);
  r.add(2, 0);
  r.merge(r);
  CHECK(r.count() == 6);
  CHECK(r.quantile(0.0) == 1);
  CHECK(r.quantile(0.5) == 2);  // 1 1 2 2 3 3: the third.
  CHECK(r.quantile(0.51) == 2); // Rank ceil(3.06) = 4.
  CHECK(r.quantile(0.7) == 3);
  CHECK(r.max() == 3);
}

TEST_CASE("by_second groups samples per second in ascending order") {
  auto r = one_to_hundred(0);
  // Seconds 5 and 2 interleaved with each other, out of order; none in 1.
  r.add(7, 5);
  r.add(3000, 2);
  r.add(1000, 2);
  r.add(2000, 2);
  // Read a quantile first so by_second starts from value-sorted samples.
  CHECK(r.quantile(1.0) == 3000);
  auto seconds = r.by_second();
  REQUIRE(seconds.size() == 3);
  CHECK(seconds[0].second == 0);
  CHECK(seconds[0].count == 100);
  CHECK(seconds[0].p50 == 50);
  CHECK(seconds[0].p99 == 99);
  CHECK(seconds[1].second == 2);
  CHECK(seconds[1].count == 3);
  CHECK(seconds[1].p50 == 2000);
  CHECK(seconds[1].p99 == 3000);
  CHECK(seconds[2].second == 5);
  CHECK(seconds[2].count == 1);
  CHECK(seconds[2].p50 == 7);
  CHECK(seconds[2].p99 == 7);
  // Reading by second leaves the overall quantiles alone.
  CHECK(r.count() == 104);
  CHECK(r.quantile(0.0) == 1);
}

TEST_CASE("by_second works on samples never sorted before") {
  latency_recorder r;
  for (std::uint32_t s = 0; s < 3; ++s) {
    for (std::int64_t v = 200; v >= 1; --v)
      r.add(v * (s + 1), 2 - s);
  }
  auto seconds = r.by_second();
  REQUIRE(seconds.size() == 3);
  // Second 2 got 1..200, second 1 got 2..400, second 0 got 3..600.
  CHECK(seconds[0].second == 0);
  CHECK(seconds[0].p50 == 300);
  CHECK(seconds[0].p99 == 594);
  CHECK(seconds[1].p50 == 200);
  CHECK(seconds[2].p50 == 100);
  CHECK(seconds[2].p99 == 198);
}

// -- slope --------------------------------------------------------------------

TEST_CASE("slope recovers the gradient of exact lines") {
  CHECK(slope({{0, 2}, {1, 5}, {2, 8}, {3, 11}}) == doctest::Approx(3));
  CHECK(slope({{1, 10}, {2, 8}}) == doctest::Approx(-2));
  CHECK(slope({{4, 7}, {1, 7}, {9, 7}}) == doctest::Approx(0));
  // Large x offsets, as with timestamps or session counts.
  CHECK(slope({{1e9, 100}, {1e9 + 1, 101.5}, {1e9 + 2, 103}})
        == doctest::Approx(1.5));
}

TEST_CASE("slope fits the least-squares line through noisy points") {
  // Residuals +1 -1 -1 +1 around y = 2x cancel in the fit.
  CHECK(slope({{0, 1}, {1, 1}, {2, 3}, {3, 7}}) == doctest::Approx(2));
}

TEST_CASE("slope is zero for fewer than two points or one x") {
  CHECK(slope({}) == 0);
  CHECK(slope({{3, 4}}) == 0);
  CHECK(slope({{2, 1}, {2, 9}, {2, 5}}) == 0);
}

// -- /proc --------------------------------------------------------------------

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

// -- line_chart ---------------------------------------------------------------

TEST_CASE("line_chart draws one polyline per series in distinct colours") {
  std::vector<series> lines = {
    {"p50", {{0, 0}, {10, 100}}},
    {"p99", {{0, 20}, {5, 60}, {10, 80}}},
    {"max", {{0, 40}, {10, 50}}},
  };
  auto svg = line_chart("Latency", "second", "ns", lines);
  CHECK(svg.rfind("<svg", 0) == 0);
  CHECK(svg.size() >= 7);
  CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
  CHECK(xml_problem(svg) == "");
  CHECK(occurrences(svg, "<polyline") == 3);
  auto colours = polyline_colours(svg);
  CHECK(std::set<std::string>(colours.begin(), colours.end()).size() == 3);
  // The legend names each series, and the chart has its title and labels.
  CHECK(contains(svg, ">p50</text>"));
  CHECK(contains(svg, ">p99</text>"));
  CHECK(contains(svg, ">max</text>"));
  CHECK(contains(svg, ">Latency</text>"));
  CHECK(contains(svg, ">second</text>"));
  CHECK(contains(svg, ">ns</text>"));
  // Self-contained: no scripts, no links to anything.
  CHECK(!contains(svg, "<script"));
  CHECK(!contains(svg, "href"));
  CHECK(!contains(svg, "<image"));
}

TEST_CASE("line_chart maps points into the chart, larger y higher up") {
  auto svg = line_chart("t", "x", "y", {{"a", {{0, 0}, {10, 100}}}});
  auto all = polyline_points(svg);
  REQUIRE(all.size() == 1);
  auto& points = all[0];
  REQUIRE(points.size() == 2);
  for (auto& [x, y] : points) {
    CHECK(x >= 0);
    CHECK(x <= 800);
    CHECK(y >= 0);
    CHECK(y <= 400);
  }
  CHECK(points[0].first < points[1].first);
  CHECK(points[0].second > points[1].second);
}

TEST_CASE("line_chart labels a few nice ticks on each axis") {
  auto svg = line_chart("t", "x", "y", {{"a", {{0, 0.05}, {100, 1}}}});
  for (auto label : {">0<", ">20<", ">40<", ">60<", ">80<", ">100<"})
    CHECK(contains(svg, label));
  for (auto label : {">0.2<", ">0.4<", ">1.0<"})
    CHECK(contains(svg, label));
  CHECK(!contains(svg, ">30<"));
  CHECK(!contains(svg, ">0.0<"));
  CHECK(!contains(svg, ">-0<"));

  // Nanoseconds and bytes: short labels with a unit suffix, no exponents.
  auto big = line_chart("t", "x", "y", {{"a", {{0, 1}, {10, 2'500'000}}}});
  for (auto label : {">0<", ">1M<", ">2M<", ">3M<"})
    CHECK(contains(big, label));
  CHECK(!contains(big, "e+"));
  CHECK(xml_problem(big) == "");
  auto bytes = line_chart("t", "x", "y", {{"a", {{0, 2.5e8}, {1, 1.5e9}}}});
  for (auto label : {">0.5G<", ">1.0G<", ">1.5G<"})
    CHECK(contains(bytes, label));

  // Negative values get ticks below zero.
  auto negative = line_chart("t", "x", "y", {{"a", {{0, -40}, {1, 40}}}});
  CHECK(contains(negative, ">-40<"));
  CHECK(contains(negative, ">40<"));
}

TEST_CASE("line_chart escapes XML special characters in all text") {
  auto svg = line_chart("p99 <ms> & \"rate\"", "a<b", "c&d",
                        {{"x>y'", {{0, 1}, {1, 2}}}});
  CHECK(xml_problem(svg) == "");
  CHECK(contains(svg, "p99 &lt;ms&gt; &amp; &quot;rate&quot;"));
  CHECK(contains(svg, ">a&lt;b<"));
  CHECK(contains(svg, ">c&amp;d<"));
  CHECK(contains(svg, ">x&gt;y&apos;<"));
  CHECK(!contains(svg, "<ms>"));
  CHECK(!contains(svg, "a<b"));
}

TEST_CASE("line_chart replaces control characters that XML forbids") {
  auto svg = line_chart(std::string("bell\x07"), "x", "y", {});
  CHECK(!contains(svg, "\x07"));
  CHECK(contains(svg, ">bell?<"));
}

TEST_CASE("line_chart handles no series, empty series and single points") {
  auto none = line_chart("empty", "x", "y", {});
  CHECK(xml_problem(none) == "");
  CHECK(occurrences(none, "<polyline") == 0);
  CHECK(!contains(none, "nan"));
  CHECK(!contains(none, "inf"));

  auto sparse
    = line_chart("sparse", "x", "y", {{"nothing", {}}, {"one", {{5, 7}}}});
  CHECK(xml_problem(sparse) == "");
  CHECK(occurrences(sparse, "<polyline") == 2);
  CHECK(occurrences(sparse, "<circle") == 1); // The lone point stays visible.
  CHECK(!contains(sparse, "nan"));
  CHECK(!contains(sparse, "inf"));

  auto flat = line_chart("flat", "x", "y", {{"same", {{3, 0}, {3, 0}}}});
  CHECK(xml_problem(flat) == "");
  CHECK(!contains(flat, "nan"));
  CHECK(!contains(flat, "inf"));
  auto all = polyline_points(flat);
  REQUIRE(all.size() == 1);
  REQUIRE(all[0].size() == 2);
  CHECK(all[0][0].first > 0);
  CHECK(all[0][0].first < 800);
}

TEST_CASE("line_chart skips points that are not finite") {
  auto nan = std::numeric_limits<double>::quiet_NaN();
  auto inf = std::numeric_limits<double>::infinity();
  auto svg = line_chart("odd", "x", "y",
                        {{"s", {{0, 1}, {nan, 2}, {1, inf}, {2, 3}}}});
  CHECK(xml_problem(svg) == "");
  CHECK(!contains(svg, "nan"));
  CHECK(!contains(svg, "inf"));
  auto all = polyline_points(svg);
  REQUIRE(all.size() == 1);
  CHECK(all[0].size() == 2);
}

// -- progress_bar -------------------------------------------------------------

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
