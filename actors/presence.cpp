#include "actors/presence.hpp"

#include <limits>
#include <memory>
#include <unordered_set>

#include "actors/atoms.hpp"
#include "actors/services.hpp"
#include "actors/store_calls.hpp"
#include "actors/store_request.hpp"
#include "actors/user_actor.hpp"

namespace troupe::actors::presence {

namespace {

/// Presence goes to all of the user's friends, however many.
constexpr auto every_friend = std::numeric_limits<std::size_t>::max();

/// Sends the user's presence to every friend; the directory passes it to
/// those online, in one fan-out (in a cluster, once to each node that holds
/// some of them). The friends are read afresh each time, so a friendship
/// made or ended a moment ago counts. Presence pushes carry no id and are
/// not stored.
void broadcast(
  user_actor_ptr self, bool online, std::function<void()> done = [] {}) {
  auto& st = self->state;
  auto store = persistence_for(self->system(), *st.ctx, st.uid);
  if (!store) {
    done();
    return;
  }
  auto frame = std::make_shared<const std::string>(
    protocol::encode_presence_push(st.username, online, st.presence.location));
  ask_store(
    self, store, st.ctx->request_timeout,
    store_calls::list_friends(st.uid, 0, every_friend),
    [self, frame, done](std::vector<storage::friend_record>& friends) {
      auto dir = lookup(self->system(), names::directory);
      if (dir && !friends.empty()) {
        auto ids = std::make_shared<std::unordered_set<protocol::user_id>>();
        for (auto& f : friends)
          ids->insert(f.uid);
        // No user has id 0: nobody is left out.
        self->send(dir, atoms::fan_out_atom_v, member_set{std::move(ids)},
                   protocol::user_id{0}, push_envelope{0, frame});
      }
      done();
    },
    [done](caf::error&) {
      // Storage is down: friends miss this change.
      done();
    });
}

} // namespace

void on_attached(user_actor_ptr self, bool replaced_other) {
  auto& p = self->state.presence;
  if (p.attached_once)
    return;
  p.attached_once = true;
  // A session that replaced a live one is no change of presence.
  if (!replaced_other)
    broadcast(self, true);
}

void announce_location(user_actor_ptr self, protocol::location where) {
  self->state.presence.location = where;
  broadcast(self, true);
}

void announce_offline(user_actor_ptr self, std::function<void()> done) {
  broadcast(self, false, std::move(done));
}

void announce_node_presence(user_actor_ptr self, const member_set& users,
                            bool online) {
  auto& st = self->state;
  auto store = persistence_for(self->system(), *st.ctx, st.uid);
  if (!store || !users.ids)
    return;
  ask_store(
    self, store, st.ctx->request_timeout,
    store_calls::list_friends(st.uid, 0, every_friend),
    [self, users, online](std::vector<storage::friend_record>& friends) {
      for (auto& f : friends)
        if (users.ids->count(f.uid) != 0)
          self->send(self, atoms::push_atom_v,
                     push_envelope{0, std::make_shared<const std::string>(
                                        protocol::encode_presence_push(
                                          f.username, online, std::nullopt))});
    },
    [](caf::error&) {
      // Storage is down: the user's `friends` and `presence` still say
      // who is online.
    });
}

} // namespace troupe::actors::presence
