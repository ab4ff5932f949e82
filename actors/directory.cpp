#include "actors/directory.hpp"

#include <caf/send.hpp>

#include "actors/atoms.hpp"
#include "actors/directory_support.hpp"

namespace troupe::actors {

namespace directory_detail {

namespace {

void forget(self_ptr self, const session_actor& session) {
  self->state.owners.erase(session.address());
  self->demonitor(session.address());
}

void count_online(self_ptr self) {
  auto& st = self->state;
  st.online.set(static_cast<std::int64_t>(st.sessions.size()));
}

/// The user's live session here is gone (detached, or stopped): the other
/// nodes forget it too.
void session_gone(self_ptr self,
                  std::unordered_map<protocol::user_id,
                                     directory_state::entry>::iterator slot) {
  auto uid = slot->first;
  auto login_time = slot->second.login_time;
  self->state.sessions.erase(slot);
  count_online(self);
  announce_detach(self, uid, login_time);
}

/// A later login of the user holds the user's session on another node: the
/// attaching session closes as replaced, and the other nodes, which may
/// have recorded it meanwhile, forget it.
void give_way(self_ptr self, const pending_attach& attach) {
  caf::anon_send(attach.session, atoms::replaced_atom_v);
  auto& sessions = self->state.sessions;
  auto slot = sessions.find(attach.uid);
  if (slot == sessions.end() || slot->second.session != attach.session)
    return;
  forget(self, attach.session);
  session_gone(self, slot);
}

caf::typed_response_promise<bool> attach(self_ptr self, protocol::user_id uid,
                                         session_actor& session,
                                         std::int64_t login_time,
                                         std::string& ip, std::uint16_t port) {
  auto& st = self->state;
  auto answer = self->make_response_promise<bool>();
  if (later_elsewhere(self, uid, login_time)) {
    caf::anon_send(session, atoms::replaced_atom_v);
    answer.deliver(false);
    return answer;
  }
  auto& slot = st.sessions[uid];
  if (slot.session && slot.session != session && slot.login_time > login_time) {
    // A newer login attached first: the one attaching now is stale.
    caf::anon_send(session, atoms::replaced_atom_v);
    answer.deliver(false);
    return answer;
  }
  auto pending = std::make_shared<pending_attach>();
  pending->answer = answer;
  pending->uid = uid;
  pending->session = session;
  pending->login_time = login_time;
  if (slot.session && slot.session != session) {
    // The new session reads the user's backlog once it hears back, so it
    // hears back only once the old one's acks are stored: an acked push
    // must not come again. The new session already receives the user's
    // live pushes meanwhile (it holds them until its backlog).
    ++pending->awaited;
    auto handed_over = [self, pending] {
      settle(self, pending, attach_verdict{false, true});
    };
    self->request(slot.session, st.handover_timeout, atoms::replaced_atom_v)
      .then([handed_over](bool) { handed_over(); },
            [handed_over](caf::error&) { handed_over(); });
    forget(self, slot.session);
  }
  if (st.owners.emplace(session.address(), uid).second)
    self->monitor(session);
  slot.session = std::move(session);
  slot.login_time = login_time;
  slot.address = session_address{true, std::move(ip), port};
  count_online(self);
  forget_remote(self, uid);
  // Every other node records the session before it hears back, so that a
  // push stored anywhere after the answer is routed to it live.
  announce_attach(self, pending, slot.address);
  settle(self, pending, attach_verdict{});
  return answer;
}

bool detach(self_ptr self, protocol::user_id uid,
            const session_actor& session) {
  auto& sessions = self->state.sessions;
  auto slot = sessions.find(uid);
  if (slot == sessions.end() || slot->second.session != session)
    return false;
  forget(self, session);
  session_gone(self, slot);
  return true;
}

void on_down(self_ptr self, const caf::down_msg& dm) {
  auto& st = self->state;
  auto owner = st.owners.find(dm.source);
  if (owner == st.owners.end()) {
    forget_peer(self, dm);
    return;
  }
  auto slot = st.sessions.find(owner->second);
  st.owners.erase(owner);
  if (slot != st.sessions.end() && slot->second.session.address() == dm.source)
    session_gone(self, slot);
}

/// Hands `push` to the user's session here; returns whether there is one.
bool push_here(self_ptr self, protocol::user_id uid, push_envelope& push) {
  auto& sessions = self->state.sessions;
  auto i = sessions.find(uid);
  if (i == sessions.end())
    return false;
  self->send(i->second.session, atoms::push_atom_v, std::move(push));
  return true;
}

void fan_out_here(self_ptr self, const member_set& members,
                  protocol::user_id except, const push_envelope& push) {
  for_each_member_in(self->state.sessions, *members.ids,
                     [&](protocol::user_id uid, auto& slot) {
                       if (uid != except)
                         self->send(slot.session, atoms::push_atom_v, push);
                     });
}

void resync_here(self_ptr self, const member_set& members) {
  for_each_member_in(self->state.sessions, *members.ids,
                     [&](protocol::user_id, auto& slot) {
                       self->send(slot.session, atoms::resync_atom_v);
                     });
}

std::vector<session_address> online(self_ptr self, const user_list& users) {
  auto& sessions = self->state.sessions;
  std::vector<session_address> out;
  out.reserve(users.uids.size());
  for (auto uid : users.uids) {
    auto i = sessions.find(uid);
    out.push_back(i != sessions.end() ? i->second.address
                                      : remote_address(self, uid));
  }
  return out;
}

} // namespace

void settle(self_ptr self, const pending_attach_ptr& attach,
            attach_verdict verdict) {
  attach->replaced = attach->replaced || verdict.replaced;
  if (verdict.stale && !attach->stale) {
    attach->stale = true;
    give_way(self, *attach);
  }
  if (--attach->awaited == 0)
    attach->answer.deliver(attach->replaced && !attach->stale);
}

session_actor remove_session(self_ptr self, protocol::user_id uid) {
  auto& sessions = self->state.sessions;
  auto slot = sessions.find(uid);
  if (slot == sessions.end())
    return {};
  auto session = std::move(slot->second.session);
  forget(self, session);
  sessions.erase(slot);
  count_online(self);
  return session;
}

void resync_here(self_ptr self) {
  for (auto& [uid, slot] : self->state.sessions)
    self->send(slot.session, atoms::resync_atom_v);
}

} // namespace directory_detail

using namespace directory_detail;

directory_actor::behavior_type
directory(directory_actor::stateful_pointer<directory_state> self,
          node_number self_node, telemetry::metrics_ptr metrics,
          caf::timespan handover_timeout) {
  auto& st = self->state;
  st.self_node = self_node;
  st.handover_timeout = handover_timeout;
  st.metrics = std::move(metrics);
  st.online.bind(&st.metrics->sessions_online);
  st.remote.bind(&st.metrics->cluster_remote_sessions);
  self->set_down_handler([self](caf::down_msg& dm) { on_down(self, dm); });
  return {
    [self](atoms::attach_atom, protocol::user_id uid, session_actor& session,
           std::int64_t login_time, std::string& ip, std::uint16_t port) {
      return attach(self, uid, session, login_time, ip, port);
    },
    [self](atoms::detach_atom, protocol::user_id uid,
           const session_actor& session) { return detach(self, uid, session); },
    [self](atoms::deliver_atom, protocol::user_id uid, push_envelope& push) {
      if (!push_here(self, uid, push))
        relay_push(self, uid, push);
    },
    [self](atoms::fan_out_atom, const member_set& members,
           protocol::user_id except, push_envelope& push) {
      fan_out_here(self, members, except, push);
      relay_fan_out(self, members, except, push);
    },
    [self](atoms::resync_atom) { resync_here(self); },
    [self](atoms::resync_atom, const member_set& members) {
      resync_here(self, members);
      relay_resync(self, members);
    },
    [self](atoms::online_atom, const user_list& users) {
      return online(self, users);
    },
    [self](atoms::shutdown_atom) {
      for (auto& [uid, slot] : self->state.sessions)
        self->send(slot.session, atoms::shutdown_atom_v);
    },
    [self](atoms::peer_up_atom, node_number node, peer_directory_actor& peer,
           bool served_unlinked) {
      link_peer(self, node, peer, served_unlinked);
    },
    [self](atoms::peer_attach_atom, protocol::user_id uid,
           std::int64_t login_time, node_number node,
           session_address& address) {
      return take_peer_attach(self, uid, login_time, node, address);
    },
    [self](atoms::peer_detach_atom, protocol::user_id uid,
           std::int64_t login_time,
           node_number node) { take_peer_detach(self, uid, login_time, node); },
    [self](atoms::peer_sync_atom, node_number node,
           std::vector<remote_session>& sessions) {
      take_peer_sync(self, node, sessions);
      return true;
    },
    // Relayed by another node: for the sessions here only, never passed on.
    [self](atoms::relay_atom, protocol::user_id uid, push_envelope& push) {
      push_here(self, uid, push);
    },
    [self](atoms::relay_atom, const member_set& members,
           protocol::user_id except,
           push_envelope& push) { fan_out_here(self, members, except, push); },
    [self](atoms::relay_atom, atoms::resync_atom, const member_set& members) {
      resync_here(self, members);
    },
  };
}

} // namespace troupe::actors
