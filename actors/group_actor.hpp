#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <caf/actor_clock.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/context.hpp"
#include "actors/interfaces.hpp"
#include "domain/group_claims.hpp"
#include "protocol/groups.hpp"
#include "protocol/ids.hpp"
#include "storage/records.hpp"

namespace troupe::actors {

struct group_actor_state {
  struct member {
    std::string username;
    protocol::group_role role = protocol::group_role::member;
  };

  std::int64_t group_id = 0;
  context_ptr ctx;
  /// The hub that started this actor, told when it is idle.
  group_hub_actor hub;
  /// The node this actor runs on, as its claim on the group names it.
  domain::group_host host;
  /// Its claim on the group, which every write it stores carries.
  domain::group_claim claim;
  /// Whether another actor claimed the group since (on another node, or
  /// here after this one was let go): it writes nothing more, answers every
  /// request `unavailable` and stops.
  bool superseded = false;
  /// False until the group is read from storage.
  bool loaded = false;
  /// Whether storage has no such group.
  bool missing = false;
  storage::group_record group;
  std::unordered_map<protocol::user_id, member> members;
  std::unordered_map<std::string, protocol::user_id> by_name;
  /// The members' ids, shared with the directory for each fan-out.
  std::shared_ptr<std::unordered_set<protocol::user_id>> member_ids
    = std::make_shared<std::unordered_set<protocol::user_id>>();
  /// Storage calls not yet answered; the actor stops only without any.
  std::size_t calls_in_flight = 0;
  /// `group_add` calls not yet answered, counted against the size limit.
  std::size_t adds_in_flight = 0;
  caf::actor_clock::time_point last_request{};
  /// Whether the hub told it to stop (it does once its calls are answered).
  bool stopping = false;

  static inline const char* name = "group";
};

using group_actor_ptr = group_actor::stateful_pointer<group_actor_state>;

/// The actor of one group (`group_actor`): it loads the group and its
/// members once, then serialises every change and message of the group, so
/// the group has one order for every member. It checks roles and states,
/// has a persistence worker (picked by group id) store each change, and
/// after the store committed answers the requester and fans the push out to
/// the online members through the directory, never waiting on any of them.
/// It tells `hub` `(idle, group_id, self)` after `groups.idle_stop` without
/// requests, and stops when told `stop`, or when the hub does. It claims
/// the group for `host` as it loads it (domain/group_claims.hpp); should a
/// write find the claim superseded, it answers `unavailable` and asks the
/// hub to let it go, as when idle. When `recovering` (its predecessor
/// failed, maybe between a commit and its fan-out), or when the group's
/// previous host was another node (lost, or the group moved), it first has
/// the online members read their backlog again.
group_actor::behavior_type run_group(group_actor_ptr self,
                                     std::int64_t group_id, context_ptr ctx,
                                     group_hub_actor hub,
                                     domain::group_host host, bool recovering);

} // namespace troupe::actors
