#pragma once

// Small helpers the bench report tests share.

#include <cstdint>
#include <string>

namespace troupe::test {

inline bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

/// Burns CPU for a short while; volatile keeps the loop from vanishing.
inline void spin() {
  volatile std::uint64_t acc = 0;
  for (int i = 0; i < 100000; ++i)
    acc = acc + static_cast<std::uint64_t>(i) * 2654435761u;
}

} // namespace troupe::test
