#pragma once

#include "actors/user_actor.hpp"
#include "protocol/requests.hpp"

namespace troupe::actors {

/// Runs one decoded request for the session and answers it exactly once,
/// now or when the actors it asks have answered. Commands other than
/// `register`, `login` and `ping` need a logged-in session.
void run_command(user_actor_ptr self, protocol::request req);

} // namespace troupe::actors
