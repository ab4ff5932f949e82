#include "actors/delivery.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include <caf/send.hpp>

#include "actors/atoms.hpp"
#include "actors/services.hpp"
#include "actors/store_calls.hpp"
#include "actors/store_request.hpp"
#include "actors/user_actor.hpp"

namespace troupe::actors::delivery {

namespace {

// Stored pushes are read in pages of at most this many.
constexpr std::size_t page_size = 256;

// Acks are forgotten in storage in batches of at most this many, at most
// this long after the first of them: long enough to gather a busy
// session's acks, short enough that a crash repeats few pushes.
constexpr std::size_t ack_batch = 64;
constexpr auto ack_flush_delay = std::chrono::milliseconds{20};
// Positions in groups move at most this often, on a timer of their own: a
// busy group would otherwise cost each online member a storage call per ack
// batch, and a position that lags merely repeats a few messages after a
// crash.
constexpr auto position_flush_delay = std::chrono::seconds{1};

/// Has `tick` come after `delay` unless a tick of that timer is on its way
/// already (`armed`); through the session's alarm, which lets the session
/// go before it is due.
void arm(user_actor_ptr self, bool& armed, caf::timespan delay,
         caf::atom_value tick) {
  if (armed)
    return;
  armed = true;
  self->state.alarm.send_later(self->system(), delay, tick);
}

void arm_resend_timer(user_actor_ptr self) {
  auto& d = self->state.delivery;
  if (d.unacked.empty())
    return;
  auto oldest = std::min_element(
    d.unacked.begin(), d.unacked.end(),
    [](auto& a, auto& b) { return a.second.sent_at < b.second.sent_at; });
  auto due = oldest->second.sent_at + self->state.ctx->delivery.resend_interval;
  auto wait = std::max(caf::timespan{0}, due - self->clock().now());
  arm(self, d.resend_armed, wait, atoms::resend_atom_v);
}

telemetry::node_metrics& metrics_of(user_actor_ptr self) {
  return *self->state.ctx->metrics;
}

/// Sends a push and remembers it until the client acknowledges it.
void send_tracked(user_actor_ptr self, push_envelope push) {
  auto& d = self->state.delivery;
  if (d.unacked.count(push.push_id) != 0)
    return; // sent already; the resend timer takes care of it
  send_frame(self, push.frame);
  d.unacked.emplace(
    push.push_id, delivery_state::unacked_push{
                    std::move(push.frame), self->clock().now(), push.group_id});
  metrics_of(self).pushes_sent.fetch_add(1, std::memory_order_relaxed);
  d.pending.set(static_cast<std::int64_t>(d.unacked.size()));
  arm_resend_timer(self);
}

/// Forgets a push the client acknowledged.
void settle(
  user_actor_ptr self,
  std::map<std::int64_t, delivery_state::unacked_push>::iterator sent) {
  auto& d = self->state.delivery;
  d.unacked.erase(sent);
  metrics_of(self).pushes_acked.fetch_add(1, std::memory_order_relaxed);
  d.pending.set(static_cast<std::int64_t>(d.unacked.size()));
}

/// Returns how far the user's position in `group_id` may move now that
/// they acknowledged its items up to `acked`: not past an item of the
/// group still unacknowledged, or the store would skip it next login.
std::int64_t position_after(const delivery_state& d, std::int64_t group_id,
                            std::int64_t acked) {
  for (auto& [id, push] : d.unacked) // by id: the first found is the oldest
    if (push.group_id == group_id)
      return std::min(acked, id - 1);
  return acked;
}

std::size_t free_slots(user_actor_ptr self) {
  auto& st = self->state;
  auto max = st.ctx->delivery.max_pending_acks;
  return st.delivery.unacked.size() < max ? max - st.delivery.unacked.size()
                                          : 0;
}

// -- the backlog reader's transitions (see `delivery_phase`) -----------------

void request_page(user_actor_ptr self);

/// reading_backlog → live: what arrived live meanwhile and was not in the
/// store's pages goes out now, in arrival order.
void go_live(user_actor_ptr self) {
  auto& d = self->state.delivery;
  d.phase = delivery_phase::live;
  auto held = std::move(d.held);
  d.held.clear();
  for (auto& push : held)
    if (d.sent_from_store.count(push.push_id) == 0)
      on_push(self, std::move(push));
  d.sent_from_store.clear();
}

/// page_in_flight(_then_reread) → reading_backlog: sends the page, then
/// reads on, from the start again if asked to, or goes live.
void on_page(user_actor_ptr self, std::vector<storage::stored_push>& page,
             std::size_t asked) {
  auto& d = self->state.delivery;
  auto reread = d.phase == delivery_phase::page_in_flight_then_reread;
  d.phase = delivery_phase::reading_backlog;
  for (auto& push : page) {
    d.cursor = std::max(d.cursor, push.push_id);
    d.sent_from_store.insert(push.push_id);
    send_tracked(self, push_envelope{push.push_id,
                                     std::make_shared<const std::string>(
                                       std::move(push.payload)),
                                     push.group_id});
  }
  if (reread) {
    d.cursor = 0;
    request_page(self);
  } else if (page.size() < asked && d.oldest_let_go != 0) {
    // Pushes let go while the backlog was read are stored: read on from
    // the oldest of them before going live.
    d.cursor = std::min(d.cursor, d.oldest_let_go - 1);
    d.oldest_let_go = 0;
    request_page(self);
  } else if (page.size() < asked) {
    go_live(self);
  } else {
    request_page(self);
  }
}

/// page_in_flight(_then_reread) → reading_backlog: the store did not
/// answer; the resend timer's next tick asks again. A reread asked for is
/// not lost: `start` set the cursor back to the start already.
void on_page_failed(user_actor_ptr self) {
  auto& st = self->state;
  st.delivery.phase = delivery_phase::reading_backlog;
  st.alarm.send_later(self->system(), st.ctx->delivery.resend_interval,
                      atoms::resend_atom_v);
}

/// reading_backlog → page_in_flight: reads the next page of stored pushes,
/// as many as the client may have unacknowledged; with no room, the next
/// ack asks again. In any other phase it does nothing.
void request_page(user_actor_ptr self) {
  auto& st = self->state;
  auto& d = st.delivery;
  auto room = std::min(free_slots(self), page_size);
  if (d.phase != delivery_phase::reading_backlog || room == 0 || st.leaving)
    return;
  // With the window nearly full, wait for acks to free half a page: a page
  // per ack would cost a query per message.
  auto full_page = std::min(page_size, st.ctx->delivery.max_pending_acks);
  if (room < full_page / 2 && !d.unacked.empty())
    return;
  auto store = persistence_for(self->system(), *st.ctx, st.uid);
  if (!store) {
    // Storage restarts: the resend timer's next tick tries again.
    st.alarm.send_later(self->system(), st.ctx->delivery.resend_interval,
                        atoms::resend_atom_v);
    return;
  }
  d.phase = delivery_phase::page_in_flight;
  ask_store(
    self, store, st.ctx->request_timeout,
    store_calls::load_pushes(st.uid, d.cursor, room),
    [self, room](std::vector<storage::stored_push>& page) {
      on_page(self, page, room);
    },
    [self](caf::error&) { on_page_failed(self); });
}

// -- storing acknowledgements ------------------------------------------------

/// Takes the pushes of the user's own acknowledged so far, to forget in
/// storage; the ack timer's tick on its way, if any, then finds none.
std::vector<std::int64_t> take_acked(delivery_state& d) {
  d.acks_flush_armed = false;
  return std::exchange(d.acked, {});
}

/// Takes how far the user's position in each group may move now.
std::map<std::int64_t, std::int64_t> take_positions(delivery_state& d) {
  d.positions_flush_armed = false;
  std::map<std::int64_t, std::int64_t> positions;
  for (auto i = d.acked_in_group.begin(); i != d.acked_in_group.end();) {
    auto [group_id, newest] = *i;
    auto position = position_after(d, group_id, newest);
    positions.emplace(group_id, position);
    // Held back by an older item: remembered until that one is acked.
    i = position < newest ? std::next(i) : d.acked_in_group.erase(i);
  }
  return positions;
}

/// Forgets `acked` and moves `positions` in storage, in one call. With
/// `stored`, calls it once the store answered (or at once, with nothing to
/// store or no store to ask).
void store_acks(user_actor_ptr self, std::vector<std::int64_t> acked,
                std::map<std::int64_t, std::int64_t> positions,
                std::function<void()> stored = nullptr) {
  auto& st = self->state;
  if (acked.empty() && positions.empty()) {
    if (stored)
      stored();
    return;
  }
  auto call = store_calls::forget_pushes(st.uid, std::move(acked),
                                         std::move(positions));
  auto store = persistence_for(self->system(), *st.ctx, st.uid);
  if (!store) {
    // Storage restarts: the pushes are merely delivered again next login.
    if (stored)
      stored();
    return;
  }
  if (!stored) {
    // Nothing waits for the answer: anonymous, so none comes back.
    tell_store(store, std::move(call));
    return;
  }
  ask_store(
    self, store, st.ctx->request_timeout, std::move(call),
    [stored] { stored(); }, [stored](caf::error&) { stored(); });
}

} // namespace

// reading_backlog or live → reading_backlog, from the start;
// page_in_flight(_then_reread) → page_in_flight_then_reread.
void start(user_actor_ptr self) {
  auto& d = self->state.delivery;
  d.cursor = 0;
  d.oldest_let_go = 0;
  switch (d.phase) {
    case delivery_phase::page_in_flight:
    case delivery_phase::page_in_flight_then_reread:
      d.phase = delivery_phase::page_in_flight_then_reread;
      return;
    case delivery_phase::reading_backlog:
    case delivery_phase::live:
      d.phase = delivery_phase::reading_backlog;
      request_page(self);
      return;
  }
}

void on_push(user_actor_ptr self, push_envelope push) {
  auto& st = self->state;
  if (st.leaving || st.uid == 0)
    return;
  if (push.push_id == 0) {
    send_frame(self, std::move(push.frame));
    return;
  }
  auto& d = st.delivery;
  if (d.phase != delivery_phase::live) {
    if (d.held.size() >= st.ctx->delivery.max_pending_acks) {
      // A long backlog in a busy group: the push is stored, so let it go
      // and read it from the store, rather than hold without bound.
      if (d.oldest_let_go == 0 || push.push_id < d.oldest_let_go)
        d.oldest_let_go = push.push_id;
      return;
    }
    d.held.push_back(std::move(push));
    return;
  }
  if (d.unacked.count(push.push_id) == 0 && free_slots(self) == 0) {
    // A client that does not acknowledge must not make the node hoard its
    // pushes: they stay stored for its next login.
    drop_session(self, net::close_code::policy_violation);
    return;
  }
  send_tracked(self, std::move(push));
}

void on_ack(user_actor_ptr self, std::int64_t push_id) {
  auto& d = self->state.delivery;
  auto sent = d.unacked.find(push_id);
  if (sent != d.unacked.end() && sent->second.group_id != 0) {
    auto& newest = d.acked_in_group[sent->second.group_id];
    newest = std::max(newest, push_id);
    settle(self, sent);
    arm(self, d.positions_flush_armed, position_flush_delay,
        atoms::positions_atom_v);
  } else {
    if (sent != d.unacked.end())
      settle(self, sent);
    // Forgotten even when not sent by this session: it may have reached an
    // earlier one, whose ack was lost with its connection.
    d.acked.push_back(push_id);
    if (d.acked.size() >= ack_batch)
      store_acks(self, take_acked(d), {});
    else
      arm(self, d.acks_flush_armed, ack_flush_delay, atoms::flush_atom_v);
  }
  request_page(self);
}

void on_acks_timer(user_actor_ptr self) {
  store_acks(self, take_acked(self->state.delivery), {});
}

void on_positions_timer(user_actor_ptr self) {
  store_acks(self, {}, take_positions(self->state.delivery));
}

void flush_acks(user_actor_ptr self, std::function<void()> stored) {
  auto& d = self->state.delivery;
  // One call for both: the store has them all when `stored` runs.
  store_acks(self, take_acked(d), take_positions(d), std::move(stored));
}

void on_resend_timer(user_actor_ptr self) {
  auto& st = self->state;
  auto& d = st.delivery;
  d.resend_armed = false;
  if (st.leaving)
    return;
  auto now = self->clock().now();
  for (auto& [id, push] : d.unacked)
    if (now - push.sent_at >= st.ctx->delivery.resend_interval) {
      send_frame(self, push.frame);
      push.sent_at = now;
      metrics_of(self).pushes_resent.fetch_add(1, std::memory_order_relaxed);
    }
  arm_resend_timer(self);
  request_page(self);
}

} // namespace troupe::actors::delivery
