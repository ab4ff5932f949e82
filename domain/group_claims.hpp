#pragma once

#include <cstdint>
#include <optional>

#include "domain/groups.hpp"
#include "domain/result.hpp"
#include "storage/adapter.hpp"
#include "storage/id_generator.hpp"

/// One writer per group, whatever the nodes think: an actor that takes a
/// group claims it in storage (a fresh owner epoch), and every write of the
/// group checks, in its own transaction and holding the group's row, that
/// the epoch is still the writer's. A writer that lost its place (its node
/// paused, was cut off, or the group moved to a node that joined) can
/// never write after its successor started, nor in between its writes.
namespace troupe::domain {

/// The node whose actor writes a group: its number, and in a cluster the
/// node's incarnation (a restarted node is another host).
using group_host = storage::group_host;

/// A group as the actor that claimed it loads it.
struct claimed_group {
  group_claim claim;
  /// Who held the group before, if anyone ever did.
  std::optional<group_host> previous;
  loaded_group loaded;
};

/// Claims `group_id` for `host`: from now on only this claim's writes
/// commit. Reads the group and its members (as they are once the previous
/// writer's last transaction committed), and has `ids` issue ids past the
/// group's largest stored one, so the new host's ids keep growing in the
/// group even if its clock is behind the previous host's;
/// `no_such_group`.
result<claimed_group> claim_group(storage::adapter& db,
                                  storage::id_generator& ids,
                                  std::int64_t group_id,
                                  const group_host& host);

/// Checks, first thing in every write of a group, that `claim` still
/// holds it: no other claim comes in until the transaction ends;
/// `claim_errc::superseded` when one came before (nothing may be written),
/// `no_such_group`.
result<void> check_claim(storage::adapter& db, const group_claim& claim);

/// Whether the actor that claimed a group on `self` after `previous` has
/// the online members read their backlog again: another host may have
/// stored items it never handed out (its node was lost, or the group
/// moved away from it meanwhile).
bool takes_over(const std::optional<group_host>& previous,
                const group_host& self);

} // namespace troupe::domain
