#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace troupe::bench {

/// Shows a progress bar `label` until `done()` reaches `total`; returns
/// false once `done()` has not moved for `stall_s` seconds.
bool wait_while_progressing(const std::string& label, std::size_t total,
                            const std::function<std::size_t()>& done,
                            double stall_s);

/// Shows a progress bar `label` until `done()` reaches `total()`; returns
/// false after `timeout_s` seconds.
bool wait_until_reached(const std::string& label,
                        const std::function<std::size_t()>& total,
                        const std::function<std::size_t()>& done,
                        double timeout_s);

} // namespace troupe::bench
