#include "protocol/prometheus_text.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace troupe::protocol {

namespace {

std::string_view type_name(prometheus_text::kind type) {
  switch (type) {
    case prometheus_text::kind::counter: return "counter";
    case prometheus_text::kind::gauge: return "gauge";
    case prometheus_text::kind::histogram: return "histogram";
  }
  return "untyped";
}

/// HELP text escapes backslash and newline; label values also the quote.
void append_escaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '"' && quote)
      out += "\\\"";
    else
      out += c;
  }
}

/// The shortest text that reads back as `value`: counters as integers,
/// bucket bounds as written (0.005, not 0.0050000000000000001).
std::string format_value(double value) {
  if (std::isnan(value))
    return "NaN";
  if (std::isinf(value))
    return value > 0 ? "+Inf" : "-Inf";
  char buf[32];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
    return buf;
  }
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, value);
    if (std::strtod(buf, nullptr) == value)
      break;
  }
  return buf;
}

} // namespace

void prometheus_text::family(std::string_view name, kind type,
                             std::string_view help) {
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  append_escaped(out_, help, false);
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type_name(type);
  out_ += '\n';
}

void prometheus_text::write_labels(metric_labels labels,
                                   const metric_label* extra) {
  if (labels.size() == 0 && extra == nullptr)
    return;
  out_ += '{';
  auto first = true;
  auto write = [&](const metric_label& label) {
    if (!first)
      out_ += ',';
    first = false;
    out_ += label.first;
    out_ += "=\"";
    append_escaped(out_, label.second, true);
    out_ += '"';
  };
  for (auto& label : labels)
    write(label);
  if (extra != nullptr)
    write(*extra);
  out_ += '}';
}

void prometheus_text::sample(std::string_view name, metric_labels labels,
                             double value) {
  out_ += name;
  write_labels(labels, nullptr);
  out_ += ' ';
  out_ += format_value(value);
  out_ += '\n';
}

void prometheus_text::histogram(std::string_view name,
                                const histogram_reading& reading) {
  std::string bucket{name};
  bucket += "_bucket";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < reading.upper_bounds.size(); ++i) {
    if (i < reading.bucket_counts.size())
      cumulative += reading.bucket_counts[i];
    auto bound = format_value(reading.upper_bounds[i]);
    metric_label le{"le", bound};
    out_ += bucket;
    write_labels({}, &le);
    out_ += ' ' + format_value(static_cast<double>(cumulative)) + '\n';
  }
  metric_label inf{"le", "+Inf"};
  out_ += bucket;
  write_labels({}, &inf);
  out_ += ' ' + format_value(static_cast<double>(reading.count)) + '\n';
  sample(std::string{name} + "_sum", reading.sum);
  sample(std::string{name} + "_count", static_cast<double>(reading.count));
}

} // namespace troupe::protocol
