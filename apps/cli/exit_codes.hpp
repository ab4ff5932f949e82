#pragma once

// troupe-cli's exit statuses, distinct so that scripts can tell a command
// the node refused from a typo and from a node that is not there.

namespace troupe::cli::exit_code {

/// The command ran and the node answered ok.
constexpr int ok = 0;
/// The node answered with an error (auth_failed, not_friends, ...).
constexpr int refused = 1;
/// The command line was wrong (unknown command, missing argument, no
/// password); nothing was sent.
constexpr int usage = 2;
/// The node could not be reached, closed the session or did not answer in
/// time.
constexpr int connection = 3;

} // namespace troupe::cli::exit_code
