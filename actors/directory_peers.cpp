// What a directory tells the other nodes' directories, and what it makes of
// what they tell it: the replica of where their users' sessions are, who
// wins when a user logs in on two nodes, and pushes relayed once per node.

#include <algorithm>
#include <iterator>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include "actors/atoms.hpp"
#include "actors/directory_support.hpp"

namespace troupe::actors::directory_detail {

namespace {

using remote_entry = directory_state::remote_entry;

void count_remote(self_ptr self) {
  auto& st = self->state;
  st.remote.set(static_cast<std::int64_t>(st.replica.size()));
}

/// Tells every session here that `users` went offline or are back with
/// their node.
void tell_sessions_here(self_ptr self, const member_set& users, bool online) {
  for (auto& [uid, slot] : self->state.sessions)
    self->send(slot.session, atoms::node_presence_atom_v, users, online);
}

/// Forgets every session of node `node`. When the node was lost (rather
/// than its directory restarting: then they attach again), the sessions
/// here hear which users went with it, to tell their users of friends
/// among them.
void forget_sessions_of(self_ptr self, node_number node, bool node_lost) {
  auto& st = self->state;
  auto lost = std::make_shared<std::unordered_set<protocol::user_id>>();
  for (auto i = st.replica.begin(); i != st.replica.end();) {
    if (i->second.node != node) {
      ++i;
      continue;
    }
    lost->insert(i->first);
    i = st.replica.erase(i);
  }
  count_remote(self);
  if (!node_lost || lost->empty())
    return;
  st.lost_nodes.insert(node);
  tell_sessions_here(self, member_set{std::move(lost)}, false);
}

/// Returns node `node`'s directory, or null while it is not linked.
const peer_directory_actor* peer_of(self_ptr self, node_number node) {
  auto& peers = self->state.peers;
  auto i = peers.find(node);
  return i != peers.end() ? &i->second : nullptr;
}

/// What a session another node announced meets here.
struct admission {
  /// A later login of the user holds the user's session, here or on a
  /// third node: the announced one must close.
  bool stale = false;
  /// The user's session here, which the announced one replaced.
  session_actor replaced_here;
};

/// Records the session of `uid` logged in at `login_time` on node `node`,
/// unless a later login holds the user's session. Recording it again (its
/// node's directory restarted, and it attached again) changes nothing.
admission admit(self_ptr self, protocol::user_id uid, std::int64_t login_time,
                node_number node, session_address& address) {
  auto& st = self->state;
  if (auto here = st.sessions.find(uid); here != st.sessions.end()) {
    if (later_login(here->second.login_time, st.self_node, login_time, node))
      return {true, {}};
  } else if (auto there = st.replica.find(uid);
             there != st.replica.end()
             && later_login(there->second.login_time, there->second.node,
                            login_time, node)) {
    return {true, {}};
  }
  admission met;
  met.replaced_here = remove_session(self, uid);
  st.replica[uid] = remote_entry{node, login_time, std::move(address)};
  count_remote(self);
  return met;
}

/// The members of `members` but `except` whose sessions are on other
/// nodes, by node.
std::unordered_map<node_number, member_set>
members_by_node(self_ptr self, const member_set& members,
                protocol::user_id except) {
  std::unordered_map<node_number, std::unordered_set<protocol::user_id>> ids;
  for_each_member_in(self->state.replica, *members.ids,
                     [&](protocol::user_id uid, const remote_entry& where) {
                       if (uid != except)
                         ids[where.node].insert(uid);
                     });
  std::unordered_map<node_number, member_set> out;
  for (auto& [node, subset] : ids)
    out.emplace(
      node,
      member_set{std::make_shared<const std::unordered_set<protocol::user_id>>(
        std::move(subset))});
  return out;
}

} // namespace

void link_peer(self_ptr self, node_number node, peer_directory_actor& peer,
               bool served_unlinked) {
  auto& st = self->state;
  if (node == st.self_node || !peer)
    return;
  auto& held = st.peers[node];
  if (held != peer) {
    // The node's directory restarted, or the node came back: what its
    // predecessor announced is gone with it.
    if (held) {
      self->demonitor(held.address());
      forget_sessions_of(self, node, false);
    }
    held = std::move(peer);
    self->monitor(held);
  }
  std::vector<remote_session> here;
  here.reserve(st.sessions.size());
  for (auto& [uid, slot] : st.sessions)
    here.push_back(remote_session{uid, slot.login_time, slot.address});
  // Once the peer holds this node's sessions it relays their new pushes
  // here; what it stored before that is in the backlog they read now. A
  // peer that does not answer in time may be lost: they read all the same.
  auto caught_up = [self, served_unlinked] {
    if (served_unlinked)
      resync_here(self);
  };
  self
    ->request(held, st.handover_timeout, atoms::peer_sync_atom_v, st.self_node,
              std::move(here))
    .then([caught_up](bool) { caught_up(); },
          [caught_up](caf::error&) { caught_up(); });
}

bool forget_peer(self_ptr self, const caf::down_msg& dm) {
  auto& peers = self->state.peers;
  auto i = std::find_if(peers.begin(), peers.end(), [&](auto& peer) {
    return peer.second.address() == dm.source;
  });
  if (i == peers.end())
    return false;
  auto node = i->first;
  peers.erase(i);
  forget_sessions_of(self, node,
                     dm.reason == caf::exit_reason::remote_link_unreachable);
  return true;
}

bool later_elsewhere(self_ptr self, protocol::user_id uid,
                     std::int64_t login_time) {
  auto& st = self->state;
  auto i = st.replica.find(uid);
  return i != st.replica.end()
         && later_login(i->second.login_time, i->second.node, login_time,
                        st.self_node);
}

void forget_remote(self_ptr self, protocol::user_id uid) {
  if (self->state.replica.erase(uid) != 0)
    count_remote(self);
}

void announce_attach(self_ptr self, const pending_attach_ptr& attach,
                     const session_address& address) {
  auto& st = self->state;
  for (auto& [node, peer] : st.peers) {
    ++attach->awaited;
    // A directory that does not answer in time (its node is dying) neither
    // replaced a session nor holds a later one.
    self
      ->request(peer, st.handover_timeout, atoms::peer_attach_atom_v,
                attach->uid, attach->login_time, st.self_node, address)
      .then([self, attach](
              attach_verdict& verdict) { settle(self, attach, verdict); },
            [self, attach](caf::error&) { settle(self, attach, {}); });
  }
}

void announce_detach(self_ptr self, protocol::user_id uid,
                     std::int64_t login_time) {
  auto& st = self->state;
  for (auto& [node, peer] : st.peers)
    self->send(peer, atoms::peer_detach_atom_v, uid, login_time, st.self_node);
}

caf::typed_response_promise<attach_verdict>
take_peer_attach(self_ptr self, protocol::user_id uid, std::int64_t login_time,
                 node_number node, session_address& address) {
  auto verdict = self->make_response_promise<attach_verdict>();
  auto met = admit(self, uid, login_time, node, address);
  if (!met.replaced_here) {
    verdict.deliver(attach_verdict{met.stale, false});
    return verdict;
  }
  // The session that attached there reads the user's backlog once its
  // directory hears back: only after this one's acks are stored.
  auto handed_over = [verdict]() mutable {
    verdict.deliver(attach_verdict{false, true});
  };
  self
    ->request(met.replaced_here, self->state.handover_timeout,
              atoms::replaced_atom_v)
    .then([handed_over](bool) mutable { handed_over(); },
          [handed_over](caf::error&) mutable { handed_over(); });
  return verdict;
}

void take_peer_detach(self_ptr self, protocol::user_id uid,
                      std::int64_t login_time, node_number node) {
  auto& replica = self->state.replica;
  auto i = replica.find(uid);
  if (i == replica.end() || i->second.node != node
      || i->second.login_time != login_time)
    return;
  replica.erase(i);
  count_remote(self);
}

void take_peer_sync(self_ptr self, node_number node,
                    std::vector<remote_session>& sessions) {
  // A node this one lost and announced offline is back with these.
  auto back = self->state.lost_nodes.erase(node) > 0
                ? std::make_shared<std::unordered_set<protocol::user_id>>()
                : nullptr;
  for (auto& session : sessions) {
    if (back)
      back->insert(session.uid);
    // A stale one is for its own node to close: that node gets this
    // node's sessions too, and decides alike. Nobody waits on the handover
    // of one replaced here: the sessions there attached long ago.
    auto met
      = admit(self, session.uid, session.login_time, node, session.address);
    if (met.replaced_here)
      caf::anon_send(met.replaced_here, atoms::replaced_atom_v);
  }
  if (back && !back->empty())
    tell_sessions_here(self, member_set{std::move(back)}, true);
}

void relay_push(self_ptr self, protocol::user_id uid, push_envelope& push) {
  auto& replica = self->state.replica;
  auto i = replica.find(uid);
  if (i == replica.end())
    return;
  if (auto peer = peer_of(self, i->second.node)) {
    self->send(*peer, atoms::relay_atom_v, uid, std::move(push));
    ++self->state.metrics->cluster_relays;
  }
}

void relay_fan_out(self_ptr self, const member_set& members,
                   protocol::user_id except, const push_envelope& push) {
  for (auto& [node, subset] : members_by_node(self, members, except))
    if (auto peer = peer_of(self, node)) {
      self->send(*peer, atoms::relay_atom_v, subset, except, push);
      ++self->state.metrics->cluster_relays;
    }
}

void relay_resync(self_ptr self, const member_set& members) {
  for (auto& [node, subset] : members_by_node(self, members, 0))
    if (auto peer = peer_of(self, node)) {
      self->send(*peer, atoms::relay_atom_v, atoms::resync_atom_v, subset);
      ++self->state.metrics->cluster_relays;
    }
}

session_address remote_address(self_ptr self, protocol::user_id uid) {
  auto& replica = self->state.replica;
  auto i = replica.find(uid);
  return i != replica.end() ? i->second.address : session_address{};
}

} // namespace troupe::actors::directory_detail
