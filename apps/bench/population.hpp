#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "apps/bench/client_pool.hpp"
#include "apps/bench/nodes.hpp"

namespace troupe::bench {

/// Maps a user's index to the index whose thread it runs on.
using thread_map = std::function<std::size_t(std::size_t)>;

/// Runs `job(i, done)` for i in [0, n) on the thread of `thread_of(i)`, at
/// most `concurrency` at a time; each job calls `done(ok)` once. Shows a
/// progress bar labelled `label`; returns the number of failed jobs.
std::size_t run_limited(
  client_pool& pool, std::size_t n, std::size_t concurrency,
  const std::string& label,
  std::function<void(std::size_t, std::function<void(bool)>)> job,
  thread_map thread_of = [](std::size_t i) { return i; });

/// Returns the names `prefix0`, `prefix1`, ... of `n` users.
std::vector<std::string> user_names(const std::string& prefix, std::size_t n);

/// Makes sure every user of `names` exists (names taken by an earlier run
/// are reused) and, when `befriend`, that users 2k and 2k+1 are friends.
/// User i registers on node i; friends ask each other from the nodes of
/// `pair_node`. Returns false (after saying why) if the node refused.
bool prepare_users(client_pool& pool, const std::vector<std::string>& names,
                   const std::string& password, bool befriend,
                   std::size_t concurrency);

/// Opens a logged-in session for user i of `names` on the thread of
/// `thread_of(i)`, connected to node `node_of(i)`; `setup` runs first (to
/// install a push handler). Returns the sessions once every login was
/// answered, or an empty vector after saying why not.
std::vector<std::shared_ptr<session>> open_sessions(
  client_pool& pool, const std::vector<std::string>& names,
  const std::string& password,
  const std::function<void(std::size_t, session&)>& setup,
  std::size_t concurrency,
  thread_map thread_of = [](std::size_t i) { return i; },
  node_map node_of = [](std::size_t i) { return i; });

} // namespace troupe::bench
