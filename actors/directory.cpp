#include "actors/directory.hpp"

#include <caf/event_based_actor.hpp>

#include "actors/atoms.hpp"

namespace troupe::actors {

namespace {

using self_ptr = caf::stateful_actor<directory_state>*;

void forget(self_ptr self, const caf::actor& session) {
  self->state.owners.erase(session.address());
  self->demonitor(session);
}

} // namespace

caf::behavior directory(caf::stateful_actor<directory_state>* self) {
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& st = self->state;
    auto owner = st.owners.find(dm.source);
    if (owner == st.owners.end())
      return;
    auto slot = st.sessions.find(owner->second);
    if (slot != st.sessions.end() && slot->second.session.address() == dm.source)
      st.sessions.erase(slot);
    st.owners.erase(owner);
  });
  return {
    [self](atoms::attach_atom, protocol::user_id uid, caf::actor& session,
           std::int64_t login_time) {
      auto& st = self->state;
      auto& slot = st.sessions[uid];
      if (slot.session && slot.session != session) {
        if (slot.login_time > login_time) {
          // A newer login attached first: the one attaching now is stale.
          self->send(session, atoms::replaced_atom_v);
          return caf::ok_atom_v;
        }
        self->send(slot.session, atoms::replaced_atom_v);
        forget(self, slot.session);
      }
      if (st.owners.emplace(session.address(), uid).second)
        self->monitor(session);
      slot.session = std::move(session);
      slot.login_time = login_time;
      return caf::ok_atom_v;
    },
    [self](atoms::lookup_atom, protocol::user_id uid) {
      auto& sessions = self->state.sessions;
      auto i = sessions.find(uid);
      return i != sessions.end() ? i->second.session : caf::actor{};
    },
    [self](atoms::shutdown_atom) {
      for (auto& [uid, slot] : self->state.sessions)
        self->send(slot.session, atoms::shutdown_atom_v);
    },
  };
}

} // namespace troupe::actors
