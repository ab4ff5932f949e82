#include "protocol/text.hpp"

#include <algorithm>

namespace troupe::protocol {

std::size_t count_code_points(std::string_view utf8) {
  // Every code point has exactly one byte that is not a continuation byte.
  return static_cast<std::size_t>(
    std::count_if(utf8.begin(), utf8.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::string_view first_code_points(std::string_view utf8, std::size_t max) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i)
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80 && seen++ == max)
      return utf8.substr(0, i);
  return utf8;
}

bool is_valid_username(std::string_view name) {
  if (name.size() < 3 || name.size() > 32)
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
           || c == '.' || c == '-';
  });
}

bool is_acceptable_password(std::string_view password) {
  auto n = count_code_points(password);
  return n >= 8 && n <= 128;
}

} // namespace troupe::protocol
