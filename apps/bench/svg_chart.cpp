#include "apps/bench/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace troupe::bench {

namespace {

/// Appends `text` to `out` with XML's special characters escaped. Control
/// characters that XML 1.0 forbids become '?'.
void append_escaped(std::string& out, const std::string& text) {
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        auto byte = static_cast<unsigned char>(ch);
        if (byte < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
          out += '?';
        else
          out += ch;
    }
  }
}

/// Appends `value` with `decimals` digits after the point, independent of
/// the locale.
void append_number(std::string& out, double value, int decimals) {
  std::array<char, 64> buf;
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value,
                                 std::chars_format::fixed, decimals);
  if (ec != std::errc{}) {
    // Only absurd magnitudes get here; the general format always fits.
    auto res = std::to_chars(buf.data(), buf.data() + buf.size(), value,
                             std::chars_format::general, 6);
    end = res.ptr;
  }
  out.append(buf.data(), end);
}

/// Returns a "nice" number near `x` > 0: 1, 2 or 5 times a power of ten
/// (Heckbert, "Nice numbers for graph labels", Graphics Gems 1990).
double nice_number(double x, bool round) {
  auto exponent = std::floor(std::log10(x));
  auto fraction = x / std::pow(10.0, exponent);
  double nice;
  if (round)
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * std::pow(10.0, exponent);
}

/// One axis: its range, widened to whole ticks, the tick step, and how
/// tick labels are written.
struct axis {
  double lo = 0;
  double hi = 1;
  double step = 0.2;
  /// Labels are value / unit, then the suffix: 2500000 is "2.5M".
  double unit = 1;
  const char* suffix = "";
  int decimals = 1;
};

/// Returns an axis with about five nice ticks covering [lo, hi].
axis make_axis(double lo, double hi) {
  if (!(hi > lo)) {
    // One value (or none): centre it in a range of width 2, or of its own
    // magnitude when that is larger, so nothing divides by zero.
    auto half = std::max(1.0, std::abs(lo) * 0.5);
    lo -= half;
    hi += half;
  }
  axis result;
  auto range = nice_number(hi - lo, false);
  result.step = nice_number(range / 4, true);
  result.lo = std::floor(lo / result.step) * result.step;
  result.hi = std::ceil(hi / result.step) * result.step;
  if (!(result.hi > result.lo)) // Magnitudes beyond double's precision.
    result.hi = result.lo + result.step;
  // Nanoseconds and bytes run to ten digits, too wide for the margin.
  auto magnitude = std::max(std::abs(result.lo), std::abs(result.hi));
  if (magnitude >= 1e12) {
    result.unit = 1e12;
    result.suffix = "T";
  } else if (magnitude >= 1e9) {
    result.unit = 1e9;
    result.suffix = "G";
  } else if (magnitude >= 1e6) {
    result.unit = 1e6;
    result.suffix = "M";
  }
  // The step is 1, 2 or 5 times a power of ten; the epsilon keeps 0.1 at one
  // decimal if log10 rounds below -1.
  result.decimals
    = std::max(0, -static_cast<int>(
                    std::floor(std::log10(result.step / result.unit) + 1e-9)));
  return result;
}

/// Appends the label of the tick at `value` on `a`.
void append_tick_label(std::string& out, const axis& a, double value) {
  if (std::abs(value) < a.step * 1e-9) {
    out += '0'; // Neither "-0" nor "0.0M".
    return;
  }
  append_number(out, value / a.unit, a.decimals);
  out += a.suffix;
}

/// Returns the number of steps between the first and last tick; bounded so
/// that no input, however odd, makes a huge chart.
long tick_count(const axis& a) {
  return std::clamp(std::lround((a.hi - a.lo) / a.step), 0L, 50L);
}

/// The range of the finite values among the points, if there is one.
struct extent {
  bool any = false;
  double x_lo = 0;
  double x_hi = 0;
  double y_lo = 0;
  double y_hi = 0;
};

bool finite_point(const std::pair<double, double>& p) {
  return std::isfinite(p.first) && std::isfinite(p.second);
}

extent extent_of(const std::vector<series>& lines) {
  extent result;
  for (auto& line : lines) {
    for (auto& p : line.points) {
      if (!finite_point(p))
        continue;
      if (!result.any) {
        result = {true, p.first, p.first, p.second, p.second};
        continue;
      }
      result.x_lo = std::min(result.x_lo, p.first);
      result.x_hi = std::max(result.x_hi, p.first);
      result.y_lo = std::min(result.y_lo, p.second);
      result.y_hi = std::max(result.y_hi, p.second);
    }
  }
  return result;
}

// Tableau 10: distinct on screen and in grey print.
constexpr std::array<const char*, 10> palette = {
  "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
  "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
};

// Geometry of the chart, in SVG user units.
constexpr double chart_width = 800;
constexpr double chart_height = 400;
constexpr double plot_left = 80;
constexpr double plot_right = 620;
constexpr double plot_top = 40;
constexpr double plot_bottom = 340;
constexpr double legend_left = 640;

} // namespace

std::string line_chart(const std::string& title, const std::string& x_label,
                       const std::string& y_label,
                       const std::vector<series>& lines) {
  auto range = extent_of(lines);
  if (!range.any)
    range = {true, 0, 1, 0, 1};
  // Benchmarks plot latencies, rates and sizes: start at 0 when nothing is
  // negative so small changes do not look large.
  auto x_axis = make_axis(range.x_lo, range.x_hi);
  auto y_axis = make_axis(std::min(range.y_lo, 0.0), range.y_hi);
  if (range.y_lo >= 0)
    y_axis.lo = 0;
  auto to_x = [&](double x) {
    return plot_left
           + (x - x_axis.lo) / (x_axis.hi - x_axis.lo)
               * (plot_right - plot_left);
  };
  auto to_y = [&](double y) {
    return plot_bottom
           - (y - y_axis.lo) / (y_axis.hi - y_axis.lo)
               * (plot_bottom - plot_top);
  };
  std::string out;
  auto num = [&](double value) { append_number(out, value, 1); };
  auto text = [&](const std::string& s) { append_escaped(out, s); };
  auto width = [&] { append_number(out, chart_width, 0); };
  auto height = [&] { append_number(out, chart_height, 0); };
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"";
  width();
  out += "\" height=\"";
  height();
  out += "\" viewBox=\"0 0 ";
  width();
  out += ' ';
  height();
  out += "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  // Title and axis labels.
  out += "<text x=\"";
  num((plot_left + plot_right) / 2);
  out += "\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">";
  text(title);
  out += "</text>\n<text x=\"";
  num((plot_left + plot_right) / 2);
  out += "\" y=\"";
  num(chart_height - 16);
  out += "\" text-anchor=\"middle\">";
  text(x_label);
  out += "</text>\n<text x=\"16\" y=\"";
  num((plot_top + plot_bottom) / 2);
  out += "\" text-anchor=\"middle\" transform=\"rotate(-90 16 ";
  num((plot_top + plot_bottom) / 2);
  out += ")\">";
  text(y_label);
  out += "</text>\n";
  // Grid lines and tick labels; the index avoids drift from adding steps.
  auto x_ticks = tick_count(x_axis);
  for (long i = 0; i <= x_ticks; ++i) {
    auto value = x_axis.lo + static_cast<double>(i) * x_axis.step;
    out += "<line x1=\"";
    num(to_x(value));
    out += "\" y1=\"";
    num(plot_top);
    out += "\" x2=\"";
    num(to_x(value));
    out += "\" y2=\"";
    num(plot_bottom + 5);
    out += "\" stroke=\"#e0e0e0\"/>\n<text x=\"";
    num(to_x(value));
    out += "\" y=\"";
    num(plot_bottom + 20);
    out += "\" text-anchor=\"middle\">";
    append_tick_label(out, x_axis, value);
    out += "</text>\n";
  }
  auto y_ticks = tick_count(y_axis);
  for (long i = 0; i <= y_ticks; ++i) {
    auto value = y_axis.lo + static_cast<double>(i) * y_axis.step;
    out += "<line x1=\"";
    num(plot_left - 5);
    out += "\" y1=\"";
    num(to_y(value));
    out += "\" x2=\"";
    num(plot_right);
    out += "\" y2=\"";
    num(to_y(value));
    out += "\" stroke=\"#e0e0e0\"/>\n<text x=\"";
    num(plot_left - 8);
    out += "\" y=\"";
    num(to_y(value) + 4);
    out += "\" text-anchor=\"end\">";
    append_tick_label(out, y_axis, value);
    out += "</text>\n";
  }
  // Axes over the grid.
  out += "<path d=\"M";
  num(plot_left);
  out += ' ';
  num(plot_top);
  out += " V";
  num(plot_bottom);
  out += " H";
  num(plot_right);
  out += "\" fill=\"none\" stroke=\"black\"/>\n";
  // One polyline per series, even an empty one, so lines match the legend.
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto colour = palette[i % palette.size()];
    auto& line = lines[i];
    out += "<polyline fill=\"none\" stroke=\"";
    out += colour;
    out += "\" stroke-width=\"2\" points=\"";
    std::size_t drawn = 0;
    std::pair<double, double> last;
    for (auto& p : line.points) {
      if (!finite_point(p))
        continue;
      if (drawn++ > 0)
        out += ' ';
      num(to_x(p.first));
      out += ',';
      num(to_y(p.second));
      last = p;
    }
    out += "\"/>\n";
    if (drawn == 1) {
      // A polyline through one point draws nothing; mark the point.
      out += "<circle cx=\"";
      num(to_x(last.first));
      out += "\" cy=\"";
      num(to_y(last.second));
      out += "\" r=\"3\" fill=\"";
      out += colour;
      out += "\"/>\n";
    }
    // The legend entry: a short stroke and the name.
    auto y = plot_top + 10 + 20 * static_cast<double>(i);
    out += "<line x1=\"";
    num(legend_left);
    out += "\" y1=\"";
    num(y);
    out += "\" x2=\"";
    num(legend_left + 24);
    out += "\" y2=\"";
    num(y);
    out += "\" stroke=\"";
    out += colour;
    out += "\" stroke-width=\"2\"/>\n<text x=\"";
    num(legend_left + 30);
    out += "\" y=\"";
    num(y + 4);
    out += "\">";
    text(line.name);
    out += "</text>\n";
  }
  out += "</svg>\n";
  return out;
}

} // namespace troupe::bench
