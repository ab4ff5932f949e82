#pragma once

#include "apps/cli/options.hpp"

namespace troupe::cli {

/// Runs the one command in `o.words` and returns the exit status: connects,
/// logs in as `o.user` when the command needs a session, sends the command
/// and prints the answer. Pushes are neither shown nor acknowledged: they
/// stay stored for the user's next interactive session.
int run_one_shot(const options& o);

} // namespace troupe::cli
