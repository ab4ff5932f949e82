#pragma once

// Self-contained SVG line charts for the reports.

#include <string>
#include <utility>
#include <vector>

namespace troupe::bench {

/// A named series of points for a chart.
struct series {
  std::string name;
  std::vector<std::pair<double, double>> points;
};

/// Returns an SVG line chart (self-contained, no scripts) of `lines`.
std::string line_chart(const std::string& title, const std::string& x_label,
                       const std::string& y_label,
                       const std::vector<series>& lines);

} // namespace troupe::bench
