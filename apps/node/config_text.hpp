#pragma once

// The INI text helpers of the node's configuration files.

#include <cstddef>
#include <string>
#include <utility>

namespace troupe::node::config_text {

inline std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos)
    return {};
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

/// Splits a value from a trailing `; comment`, outside quotes.
inline std::pair<std::string, std::string>
split_comment(const std::string& rest) {
  auto quoted = false;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '"' && (i == 0 || rest[i - 1] != '\\'))
      quoted = !quoted;
    else if (!quoted && (rest[i] == ';' || rest[i] == '#'))
      return {trim(rest.substr(0, i)), rest.substr(i + 1)};
  }
  return {trim(rest), {}};
}

/// Returns `value` as a quoted INI string.
inline std::string quote(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + '"';
}

} // namespace troupe::node::config_text
