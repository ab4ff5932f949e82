#pragma once

// The catalogue of the `hostile` scenario's attacks: what each misbehaving
// client sends, and how much of it. docs/benchmarks.md describes each.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "apps/bench/attacker.hpp"

namespace troupe::bench {

enum class attack_kind {
  /// Sockets that never read, after frames with large answers.
  silent,
  /// `history` frames on one logged-in socket that never reads.
  history,
  /// Pings on an unauthenticated socket, as fast as the node takes them.
  pings,
  /// Wrong-password logins: the victim's name, random names, 30 KB names.
  logins,
  /// More connections from one address than its cap allows.
  connections,
  /// Friend requests with 1,023-character notes to the victim.
  friend_notes,
  /// Unauthenticated 8 MiB uploads held open.
  uploads,
  /// `send` with a 60 KB `to`.
  long_to,
};

/// Every kind, in the order `--attacks all` means.
const std::vector<attack_kind>& all_attacks();

std::string_view name_of(attack_kind kind);

/// Parses "all" or a comma-separated list of names; none (after saying
/// why on stderr) when a name is unknown.
std::optional<std::vector<attack_kind>> parse_attacks(const std::string& text);

/// Who the attackers aim at, and their own accounts.
struct attack_target {
  /// An honest user (with a large profile) whose name they use.
  std::string victim;
  /// Attacker i's accounts are `<account_prefix><i>` and, for friend
  /// requests, `<account_prefix><i>n<j>`; all with `password`.
  std::string account_prefix;
  std::string password;
};

/// Returns attacker `index` doing `kind` from `route`.
std::shared_ptr<attacker> make_attack(attack_kind kind, std::size_t index,
                                      const attack_target& target,
                                      asio::io_context& ioc,
                                      attack_route route);

} // namespace troupe::bench
