#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <caf/actor_clock.hpp>
#include <caf/fwd.hpp>

#include "actors/interfaces.hpp"
#include "actors/push_envelope.hpp"
#include "telemetry/metrics.hpp"

namespace troupe::actors {

/// Where a session is in sending the user's pushes: first the stored
/// backlog, page by page, then the live pushes as they come. A session
/// starts in `reading_backlog`; `delivery.cpp` makes each transition in one
/// place:
///
///   reading_backlog ── a page asked for ──► page_in_flight
///   page_in_flight ── it arrived or failed ──► reading_backlog
///   page_in_flight ── `start` ──► page_in_flight_then_reread
///   page_in_flight_then_reread ── it arrived or failed ──► reading_backlog
///   reading_backlog ── a page shorter than asked for, none let go ──► live
///   reading_backlog or live ── `start` ──► reading_backlog, from the start
enum class delivery_phase {
  /// The backlog is being read and no page is on its way: the next one is
  /// asked for at once when the pending list has room, else once acks free
  /// some, or at the resend tick when the store could not be asked or did
  /// not answer. Live pushes are held (`held`, `oldest_let_go`). A session
  /// starts here; `start`, once the directory knows the session, reads from
  /// the start.
  reading_backlog,
  /// A page of stored pushes after `cursor` is being read; no other is
  /// asked for. Live pushes are held.
  page_in_flight,
  /// As `page_in_flight`, but `start` came meanwhile: the page may predate
  /// what the new read must see, so once it arrives (its pushes are sent
  /// all the same) the backlog is read again from the start. `cursor` is 0.
  page_in_flight_then_reread,
  /// The backlog is sent: live pushes go straight out. Nothing is held and
  /// no page is read.
  live,
};

/// A session's part of the delivery promise: pushes sent and not yet
/// acknowledged, resent until they are, and the stored backlog sent after
/// login, merged in order with pushes that arrive meanwhile.
struct delivery_state {
  struct unacked_push {
    std::shared_ptr<const std::string> frame;
    caf::actor_clock::time_point sent_at;
    /// The group whose stream holds it; 0 for a push of the user's own.
    std::int64_t group_id = 0;
  };

  /// Pushes sent and not acknowledged, by id (which orders them by age).
  /// At most `delivery.max_pending_acks`.
  std::map<std::int64_t, unacked_push> unacked;

  // -- the backlog ------------------------------------------------------------

  delivery_phase phase = delivery_phase::reading_backlog;
  /// The id of the last stored push read.
  std::int64_t cursor = 0;
  /// Live pushes that arrived while the backlog was being sent, at most
  /// `delivery.max_pending_acks`; past that they are let go (they are
  /// stored) and the oldest one's id kept, to read on from there.
  std::vector<push_envelope> held;
  std::int64_t oldest_let_go = 0;
  /// Ids sent from the backlog, to skip their live twins in `held`.
  std::unordered_set<std::int64_t> sent_from_store;

  // -- acknowledgements -------------------------------------------------------

  /// Acknowledged pushes of the user's own not yet forgotten in storage:
  /// one storage call per batch of acks spares the store a transaction per
  /// ack.
  std::vector<std::int64_t> acked;
  /// The newest acknowledged item of each group whose position is not yet
  /// moved there (or only up to an older item still unacknowledged).
  /// Positions move on a timer of their own, at most once a second.
  std::map<std::int64_t, std::int64_t> acked_in_group;

  // -- timers -----------------------------------------------------------------
  // Each has at most one tick on its way, through the session's alarm; its
  // flag says whether it has one.

  /// The resend timer (`resend`), due when the oldest unacked push is.
  bool resend_armed = false;
  /// The ack timer (`flush`): stores `acked`.
  bool acks_flush_armed = false;
  /// The position timer (`positions`): moves the positions in
  /// `acked_in_group`.
  bool positions_flush_armed = false;

  /// This session's part of `troupe_pending_acks`: `unacked.size()`.
  telemetry::gauge_share pending;
};

namespace delivery {

/// Starts sending the user's stored pushes, oldest first, after login; and
/// again when some may have missed the session (the directory or a group
/// actor restarted): what is unacknowledged already is not sent twice.
void start(user_actor_ptr self);

/// Takes a push routed to this session: sends it now, or holds it while
/// the backlog is being sent.
void on_push(user_actor_ptr self, push_envelope push);

/// Takes the client's acknowledgement of `push_id`: forgets the push here
/// and in storage.
void on_ack(user_actor_ptr self, std::int64_t push_id);

/// Sends again every push unacknowledged for `delivery.resend_interval`.
void on_resend_timer(user_actor_ptr self);

/// The ack timer: forgets in storage the pushes of the user's own
/// acknowledged so far.
void on_acks_timer(user_actor_ptr self);

/// The position timer: moves the user's positions in their groups up to
/// what they acknowledged so far.
void on_positions_timer(user_actor_ptr self);

/// Forgets in storage every push acknowledged so far and moves the group
/// positions, when the session ends, so that the next login does not get
/// them again. With `stored`, calls it once the store has them (or failed
/// to, or at once with none to forget): a session handing over to a newer
/// one answers then.
void flush_acks(user_actor_ptr self, std::function<void()> stored = nullptr);

} // namespace delivery

} // namespace troupe::actors
