#pragma once

// The interfaces of the node's actors, as types the compiler checks: a
// message an actor does not take, or an answer it does not give, fails to
// compile at the sender. Each actor's header says how it does what its
// messages here promise.
//
// Which messages cross nodes: the session's, the directory's, the group
// hub's and the group actor's (a session on one node, the directory or a
// group or its members on another).
// Every type in them is serialisable and registered by name
// (`message_registry.hpp`); the static checks at the end hold them to it.
// The authenticator, the hashers, the persistence workers and the alarm
// serve their own node only: their messages may carry what only makes
// sense in one process (storage work, a requester's weak handle).

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/detail/type_traits.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/alarm_handle.hpp"
#include "actors/atoms.hpp"
#include "actors/group_request.hpp"
#include "actors/hash_waiter.hpp"
#include "actors/peer_messages.hpp"
#include "actors/push_envelope.hpp"
#include "actors/storage_call.hpp"
#include "protocol/ids.hpp"
#include "protocol/requests.hpp"

// The authenticator serves its own node only: a registration (a password
// in it) is sent without serialisation.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(troupe::protocol::register_command)

namespace troupe::actors {

// -- crossing nodes -----------------------------------------------------------

/// One WebSocket session (`user_actor.hpp`).
using session_actor = caf::typed_actor<
  /// From the network: a text frame, a sign of life (a ping), the end.
  caf::reacts_to<atoms::frame_atom, std::string>,
  caf::reacts_to<atoms::activity_atom>, caf::reacts_to<atoms::closed_atom>,
  /// From the directory: a push for the session's user.
  caf::reacts_to<atoms::push_atom, push_envelope>,
  /// From the directory: a newer session of the user took over; answers
  /// once this one's acknowledgements are stored.
  caf::replies_to<atoms::replaced_atom>::with<bool>,
  /// From the directory: read the backlog again (something restarted).
  caf::reacts_to<atoms::resync_atom>,
  /// From the directory: these users' sessions are on a node the cluster
  /// lost (false) or linked again after losing it (true); the user's
  /// friends among them went offline, or are back.
  caf::reacts_to<atoms::node_presence_atom, member_set, bool>,
  /// From the directory: the node stops.
  caf::reacts_to<atoms::shutdown_atom>,
  /// Its own timers: heartbeat check, request pacing, the login deadline,
  /// resends, ack and group position flushes (through the alarm), and
  /// attaching again to a restarted directory.
  caf::reacts_to<atoms::heartbeat_atom>, caf::reacts_to<atoms::pace_atom>,
  caf::reacts_to<atoms::login_deadline_atom>,
  caf::reacts_to<atoms::resend_atom>, caf::reacts_to<atoms::flush_atom>,
  caf::reacts_to<atoms::positions_atom>, caf::reacts_to<atoms::reattach_atom>>;

struct user_state;

/// A session's `self`, as its handlers (in several files) take it.
using user_actor_ptr = session_actor::stateful_pointer<user_state>;

/// What a directory takes from the directories of the cluster's other
/// nodes (`directory.hpp`): where their users' sessions are, and pushes for
/// the sessions it holds. It never passes a relayed push on again.
using peer_directory_actor = caf::typed_actor<
  /// A session of `uid` logged in at `login_time` attached on node `node`
  /// from `address` → whether it is stale here, or replaced a session
  /// here (answered once that one handed over).
  caf::replies_to<atoms::peer_attach_atom, protocol::user_id, std::int64_t,
                  node_number, session_address>::with<attach_verdict>,
  /// That session (`uid`, `login_time`) on node `node` is gone.
  caf::reacts_to<atoms::peer_detach_atom, protocol::user_id, std::int64_t,
                 node_number>,
  /// Every live session on node `node`, when the two nodes link: each is
  /// taken as a `peer_attach`. Answers once recorded.
  caf::replies_to<atoms::peer_sync_atom, node_number,
                  std::vector<remote_session>>::with<bool>,
  /// Hands a push to the user's session here, if here.
  caf::reacts_to<atoms::relay_atom, protocol::user_id, push_envelope>,
  /// Hands a push to every member with a session here but the second
  /// argument.
  caf::reacts_to<atoms::relay_atom, member_set, protocol::user_id,
                 push_envelope>,
  /// Has every member with a session here read its backlog again.
  caf::reacts_to<atoms::relay_atom, atoms::resync_atom, member_set>>;

/// The cluster's map from user id to the user's live session (its own
/// node's sessions, and a replica of where the others' are), and the router
/// of pushes to online users (`directory.hpp`). It takes what the other
/// nodes' directories tell it, and tells them the same.
using directory_actor = peer_directory_actor::extend<
  /// Records `session` as the live session of `uid`, logged in at
  /// `login_time` (ns since the epoch) from `ip`:`port`; answers whether it
  /// replaced another session of the user (once that one handed over).
  caf::replies_to<atoms::attach_atom, protocol::user_id, session_actor,
                  std::int64_t, std::string, std::uint16_t>::with<bool>,
  /// Forgets `session`; answers whether it was the user's live one.
  caf::replies_to<atoms::detach_atom, protocol::user_id,
                  session_actor>::with<bool>,
  /// Hands a push to the user's session, if online on any node.
  caf::reacts_to<atoms::deliver_atom, protocol::user_id, push_envelope>,
  /// Hands a push to every online member but the second argument, once
  /// per node that holds some of them.
  caf::reacts_to<atoms::fan_out_atom, member_set, protocol::user_id,
                 push_envelope>,
  /// Has every session of this node (or every online member, on any node)
  /// read its backlog again.
  caf::reacts_to<atoms::resync_atom>,
  caf::reacts_to<atoms::resync_atom, member_set>,
  /// Answers where each user is online, on any node, in the order asked.
  caf::replies_to<atoms::online_atom,
                  user_list>::with<std::vector<session_address>>,
  /// Closes every session of this node: the node stops.
  caf::reacts_to<atoms::shutdown_atom>,
  /// From the cluster link: node `node`, whose directory is the handle, is
  /// linked. The bool (`peer_served_unlinked`) is true when that node
  /// served clients while not linked to this node, so its users may have
  /// stored pushes this node's sessions never heard of: they read their
  /// backlog again.
  caf::reacts_to<atoms::peer_up_atom, node_number, peer_directory_actor, bool>>;

/// The actor of one group (`group_actor.hpp`).
using group_actor = caf::typed_actor<
  /// Runs a command about the group → the reply frame, or a protocol error.
  caf::replies_to<atoms::group_atom, group_request>::with<std::string>,
  /// Its own idle timer.
  caf::reacts_to<atoms::idle_atom>,
  /// From its hub, after it said it was idle.
  caf::reacts_to<atoms::stop_atom>>;

/// What a group hub takes from the hubs of the cluster's other nodes
/// (`group_hub.hpp`).
using peer_group_hub_actor = caf::typed_actor<
  /// A command about a group another node's hub placed on this node: runs
  /// here, never passed on again.
  caf::replies_to<atoms::relay_atom, group_request>::with<std::string>>;

/// The keeper of one actor per active group (`group_hub.hpp`).
using group_hub_actor = peer_group_hub_actor::extend<
  /// Passes a command to the group's actor, starting it if need be.
  caf::replies_to<atoms::group_atom, group_request>::with<std::string>,
  /// From a group actor idle for `groups.idle_stop`.
  caf::reacts_to<atoms::idle_atom, std::int64_t, group_actor>,
  /// From the cluster link: node `node`, whose hub is the handle, is
  /// linked (or its hub restarted).
  caf::reacts_to<atoms::peer_up_atom, node_number, peer_group_hub_actor>>;

// -- within a node ------------------------------------------------------------

/// Checks credentials and creates accounts (`authenticator.hpp`).
using authenticator_actor = caf::typed_actor<
  /// `(username, password, client address)` → `(user id, username)`.
  caf::replies_to<atoms::login_atom, std::string, std::string,
                  std::string>::with<protocol::user_id, std::string>,
  /// `(account, client address)` → the new user's id.
  caf::replies_to<atoms::signup_atom, protocol::register_command,
                  std::string>::with<protocol::user_id>>;

/// A password hashing worker (`hasher.hpp`).
using hasher_actor = caf::typed_actor<
  /// `(waiter, password)` → the argon2id hash string.
  caf::replies_to<atoms::hash_atom, hash_waiter,
                  std::string>::with<std::string>,
  /// `(waiter, hash, password)` → whether the password matches.
  caf::replies_to<atoms::verify_atom, hash_waiter, std::string,
                  std::string>::with<bool>>;

/// A persistence worker (`persistence.hpp`).
using persistence_actor = caf::typed_actor<
  /// Runs a storage call in the next batch → its answer, once committed.
  caf::replies_to<atoms::run_atom, storage_job>::with<storage_answer>,
  /// Its own: the batch of the calls received so far.
  caf::reacts_to<atoms::batch_atom>,
  /// → (batches run, calls answered) so far.
  caf::replies_to<caf::get_atom>::with<std::size_t, std::size_t>>;

/// Keeps the node's long-lived actors running (`supervisor.hpp`).
using supervisor_actor = caf::typed_actor<
  /// Answers `ok` once every child started: callers can wait for the tree.
  caf::replies_to<caf::get_atom>::with<caf::ok_atom>,
  /// Its own backoff timer: start child `index` again.
  caf::reacts_to<atoms::restart_atom, std::size_t>>;

/// Delivers sessions' timer ticks without keeping them alive (`alarm.hpp`).
using alarm_actor
  = caf::typed_actor<caf::reacts_to<alarm_target, caf::atom_value>>;

// -- the checks ---------------------------------------------------------------

namespace detail {

/// Whether `T` can be written for another node: it has an `inspect` (or is
/// built in) and is not let through unserialised.
template <class T>
struct writable
  : std::bool_constant<caf::detail::is_serializable<T>::value
                       && !caf::allowed_unsafe_message_type<T>::value> {};

template <>
struct writable<void> : std::true_type {};

template <class T>
struct writable<std::vector<T>> : writable<T> {};

template <class Signature>
struct signature_writable;

template <class... Inputs, class... Outputs>
struct signature_writable<caf::typed_mpi<caf::detail::type_list<Inputs...>,
                                         caf::output_tuple<Outputs...>>>
  : std::bool_constant<(writable<Inputs>::value && ...)
                       && (writable<Outputs>::value && ...)> {};

/// Whether every message and answer of an interface can cross nodes.
template <class Handle>
struct crosses_nodes;

template <class... Signatures>
struct crosses_nodes<caf::typed_actor<Signatures...>>
  : std::bool_constant<(signature_writable<Signatures>::value && ...)> {};

} // namespace detail

static_assert(detail::crosses_nodes<session_actor>::value);
static_assert(detail::crosses_nodes<peer_directory_actor>::value);
static_assert(detail::crosses_nodes<directory_actor>::value);
static_assert(detail::crosses_nodes<peer_group_hub_actor>::value);
static_assert(detail::crosses_nodes<group_hub_actor>::value);
static_assert(detail::crosses_nodes<group_actor>::value);

} // namespace troupe::actors
