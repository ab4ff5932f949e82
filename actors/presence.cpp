#include "actors/presence.hpp"

#include "actors/atoms.hpp"
#include "actors/services.hpp"
#include "actors/store_calls.hpp"
#include "actors/user_actor.hpp"

namespace troupe::actors::presence {

namespace {

/// Sends the user's presence to every online friend (the directory drops
/// it for offline ones). Presence pushes carry no id and are not stored.
void broadcast(user_actor_ptr self, bool online) {
  auto& st = self->state;
  auto frame = std::make_shared<const std::string>(
    protocol::encode_presence_push(st.username, online,
                                   st.presence.location));
  for (auto& [uid, name] : st.presence.friends)
    route_push(self, uid, push_envelope{0, frame, false});
}

void maybe_announce_online(user_actor_ptr self) {
  auto& p = self->state.presence;
  if (p.announced || !p.friends_loaded || !p.replaced_other)
    return;
  p.announced = true;
  // A session that replaced a live one is no change of presence.
  if (!*p.replaced_other)
    broadcast(self, true);
}

void load_friends(user_actor_ptr self, bool then_announce) {
  auto& st = self->state;
  auto store = persistence_for(self->system(), *st.ctx, st.uid);
  if (!store)
    return;
  self
    ->request(store, st.ctx->request_timeout, atoms::run_atom_v,
              store_calls::list_friends(st.uid))
    .then(
      [self, then_announce](std::vector<storage::friend_record>& friends) {
        auto& p = self->state.presence;
        p.friends.clear();
        for (auto& f : friends)
          p.friends.emplace(f.uid, std::move(f.username));
        p.friends_loaded = true;
        if (then_announce)
          maybe_announce_online(self);
      },
      [](caf::error&) {
        // Storage is down: friends hear of this login next time.
      });
}

} // namespace

void start(user_actor_ptr self) {
  load_friends(self, true);
}

void on_attached(user_actor_ptr self, bool replaced_other) {
  auto& p = self->state.presence;
  // A re-attach after a directory restart is no new login.
  if (!p.replaced_other)
    p.replaced_other = replaced_other;
  maybe_announce_online(self);
}

void reload_friends(user_actor_ptr self) {
  load_friends(self, false);
}

void announce_location(user_actor_ptr self, protocol::location where) {
  self->state.presence.location = where;
  broadcast(self, true);
}

void announce_offline(user_actor_ptr self) {
  if (self->state.presence.announced || self->state.presence.friends_loaded)
    broadcast(self, false);
}

} // namespace troupe::actors::presence
