#pragma once

#include "apps/node/node_config.hpp"

namespace troupe::node {

/// Runs a node until SIGINT or SIGTERM, or until its supervisor gives up.
/// Returns the process exit status: 0 after a clean shutdown, 1 when the
/// node could not start or its supervisor gave up.
int run(node_config& cfg);

} // namespace troupe::node
