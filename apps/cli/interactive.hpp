#pragma once

#include "apps/cli/options.hpp"

namespace troupe::cli {

/// Runs the interactive mode: a prompt (on a terminal), one command per
/// line, pushes printed as they arrive and acknowledged. Logs in as
/// `o.user` first when given. Ends at `quit` or the end of input; returns
/// the exit status (non-zero only when the start failed).
int run_interactive(const options& o);

} // namespace troupe::cli
