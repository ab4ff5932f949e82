// The SVG charts: well-formed, mapped, labelled, escaped.

#include "apps/bench/svg_chart.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/bench/report_helpers.hpp"

using troupe::bench::line_chart;
using troupe::bench::series;
using troupe::test::contains;
using troupe::test::spin;

namespace {

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos;
       pos = text.find(needle, pos + needle.size()))
    ++n;
  return n;
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

} // namespace

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
