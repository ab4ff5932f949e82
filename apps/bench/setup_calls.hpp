#pragma once

// Blocking requests for the set-up steps of a scenario: the main thread
// asks and waits, the session runs on its user's client thread.

#include <cstddef>
#include <memory>
#include <string>

#include "apps/bench/client_pool.hpp"

namespace troupe::bench {

/// Sends `req` on `s`, which lives on the thread of user `index`, and
/// returns the reply, or null after a minute.
json call(client_pool& pool, std::size_t index, std::shared_ptr<session> s,
          json req);

/// Opens `s` (on the thread of user `index`); false if it cannot within
/// a minute.
bool open(client_pool& pool, std::size_t index, std::shared_ptr<session> s);

/// Opens `s` (on the thread of user `index`) and logs it in; false if it
/// cannot within a minute.
bool log_in(client_pool& pool, std::size_t index, std::shared_ptr<session> s,
            const std::string& password);

/// Says on stderr that the node refused `what`.
void say_refused(const std::string& what, const json& reply);

} // namespace troupe::bench
