#include "actors/directory.hpp"

#include <caf/send.hpp>

#include "actors/atoms.hpp"

namespace troupe::actors {

namespace {

using self_ptr = directory_actor::stateful_pointer<directory_state>;

void forget(self_ptr self, const session_actor& session) {
  self->state.owners.erase(session.address());
  self->demonitor(session.address());
}

void count_online(self_ptr self) {
  auto& st = self->state;
  st.online.set(static_cast<std::int64_t>(st.sessions.size()));
}

} // namespace

directory_actor::behavior_type
directory(directory_actor::stateful_pointer<directory_state> self,
          telemetry::metrics_ptr metrics, caf::timespan handover_timeout) {
  self->state.metrics = std::move(metrics);
  self->state.online.bind(&self->state.metrics->sessions_online);
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& st = self->state;
    auto owner = st.owners.find(dm.source);
    if (owner == st.owners.end())
      return;
    auto slot = st.sessions.find(owner->second);
    if (slot != st.sessions.end()
        && slot->second.session.address() == dm.source)
      st.sessions.erase(slot);
    st.owners.erase(owner);
    count_online(self);
  });
  return {
    [self, handover_timeout](atoms::attach_atom, protocol::user_id uid,
                             session_actor& session, std::int64_t login_time,
                             std::string& ip, std::uint16_t port) {
      auto& st = self->state;
      auto& slot = st.sessions[uid];
      auto answer = self->make_response_promise<bool>();
      if (slot.session && slot.session != session) {
        if (slot.login_time > login_time) {
          // A newer login attached first: the one attaching now is stale.
          caf::anon_send(session, atoms::replaced_atom_v);
          answer.deliver(false);
          return answer;
        }
        // The new session reads the user's backlog once it hears back, so
        // it hears back only once the old one's acks are stored: an acked
        // push must not come again. The new session already receives the
        // user's live pushes meanwhile (it holds them until its backlog).
        self->request(slot.session, handover_timeout, atoms::replaced_atom_v)
          .then([answer](bool) mutable { answer.deliver(true); },
                [answer](caf::error&) mutable { answer.deliver(true); });
        forget(self, slot.session);
      } else {
        answer.deliver(false);
      }
      if (st.owners.emplace(session.address(), uid).second)
        self->monitor(session);
      slot.session = std::move(session);
      slot.login_time = login_time;
      slot.address = session_address{true, std::move(ip), port};
      count_online(self);
      return answer;
    },
    [self](atoms::detach_atom, protocol::user_id uid,
           const session_actor& session) {
      auto& st = self->state;
      auto slot = st.sessions.find(uid);
      if (slot == st.sessions.end() || slot->second.session != session)
        return false;
      forget(self, session);
      st.sessions.erase(slot);
      count_online(self);
      return true;
    },
    [self](atoms::deliver_atom, protocol::user_id uid, push_envelope& push) {
      auto& sessions = self->state.sessions;
      if (auto i = sessions.find(uid); i != sessions.end())
        self->send(i->second.session, atoms::push_atom_v, std::move(push));
    },
    [self](atoms::fan_out_atom, const member_set& members,
           protocol::user_id except, push_envelope& push) {
      auto& sessions = self->state.sessions;
      auto deliver = [&](protocol::user_id uid, const session_actor& session) {
        if (uid != except)
          self->send(session, atoms::push_atom_v, push);
      };
      // Whichever is smaller: a large group with few of it online, or a
      // small group on a busy node.
      if (sessions.size() < members.ids->size()) {
        for (auto& [uid, slot] : sessions)
          if (members.ids->count(uid) != 0)
            deliver(uid, slot.session);
      } else {
        for (auto uid : *members.ids)
          if (auto i = sessions.find(uid); i != sessions.end())
            deliver(uid, i->second.session);
      }
    },
    [self](atoms::resync_atom) {
      for (auto& [uid, slot] : self->state.sessions)
        self->send(slot.session, atoms::resync_atom_v);
    },
    [self](atoms::resync_atom, const member_set& members) {
      for (auto uid : *members.ids)
        if (auto i = self->state.sessions.find(uid);
            i != self->state.sessions.end())
          self->send(i->second.session, atoms::resync_atom_v);
    },
    [self](atoms::online_atom, const user_list& users) {
      auto& sessions = self->state.sessions;
      std::vector<session_address> out;
      out.reserve(users.uids.size());
      for (auto uid : users.uids) {
        auto i = sessions.find(uid);
        out.push_back(i != sessions.end() ? i->second.address
                                          : session_address{});
      }
      return out;
    },
    [self](atoms::shutdown_atom) {
      for (auto& [uid, slot] : self->state.sessions)
        self->send(slot.session, atoms::shutdown_atom_v);
    },
  };
}

} // namespace troupe::actors
