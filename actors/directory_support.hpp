#pragma once

// What the directory's files (directory.cpp: its behaviour and this node's
// sessions; directory_peers.cpp: the other nodes' directories and the
// replica of their sessions) share. Not for other files.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_set>

#include <caf/typed_response_promise.hpp>

#include "actors/directory.hpp"

namespace troupe::actors::directory_detail {

using self_ptr = directory_actor::stateful_pointer<directory_state>;

/// Whether a login at `login_time` on `node` is later than one at
/// `other_time` on `other_node`. Two logins at the same instant on two
/// nodes go to the higher node number, so that every node decides alike.
inline bool later_login(std::int64_t login_time, node_number node,
                        std::int64_t other_time, node_number other_node) {
  return login_time != other_time ? login_time > other_time : node > other_node;
}

/// Calls `f(uid, value)` for each member of `members` in `map` (this
/// node's sessions, or the replica), walking whichever is smaller: a large
/// group with few of it online, or a small group on a busy node.
template <class Map, class F>
void for_each_member_in(const Map& map,
                        const std::unordered_set<protocol::user_id>& members,
                        F&& f) {
  if (map.size() < members.size()) {
    for (auto& [uid, value] : map)
      if (members.count(uid) != 0)
        f(uid, value);
  } else {
    for (auto uid : members)
      if (auto i = map.find(uid); i != map.end())
        f(uid, i->second);
  }
}

// -- this node's sessions (directory.cpp) -------------------------------------

/// What a local attach waits for before it answers: the handover of the
/// session it replaced here, and each linked directory's verdict.
struct pending_attach {
  caf::typed_response_promise<bool> answer;
  protocol::user_id uid = 0;
  session_actor session;
  std::int64_t login_time = 0;
  /// Answers still awaited; one of them is the attach's own, until it has
  /// asked everyone it waits for.
  std::size_t awaited = 1;
  /// Whether it replaced a session, here or on another node.
  bool replaced = false;
  /// Whether another node holds a later login of the user.
  bool stale = false;
};

using pending_attach_ptr = std::shared_ptr<pending_attach>;

/// Takes one awaited answer (an empty verdict for one that never came);
/// answers the attach after the last. A stale verdict closes the session
/// at once.
void settle(self_ptr self, const pending_attach_ptr& attach,
            attach_verdict verdict);

/// Forgets the user's session here without a word to the other nodes (a
/// session of the user on another node took over); returns it, or null if
/// the user has none here.
session_actor remove_session(self_ptr self, protocol::user_id uid);

/// Has every session here read its backlog again.
void resync_here(self_ptr self);

// -- the other nodes (directory_peers.cpp) ------------------------------------

/// Remembers and monitors `peer` as node `node`'s directory and sends it
/// this node's sessions; once it has them, this node's sessions read their
/// backlog again if `served_unlinked`.
void link_peer(self_ptr self, node_number node, peer_directory_actor& peer,
               bool served_unlinked);

/// Forgets the peer directory that `dm` is about and its node's sessions,
/// if it is one (announced as offline when the node was lost); returns
/// whether it was.
bool forget_peer(self_ptr self, const caf::down_msg& dm);

/// Whether another node holds a login of `uid` later than `login_time`
/// here.
bool later_elsewhere(self_ptr self, protocol::user_id uid,
                     std::int64_t login_time);

/// Forgets where the user's session on another node is: one here took
/// over.
void forget_remote(self_ptr self, protocol::user_id uid);

/// Tells every linked directory of the session `attach` records here, from
/// `address`; each verdict settles `attach`.
void announce_attach(self_ptr self, const pending_attach_ptr& attach,
                     const session_address& address);

/// Tells every linked directory that this node's session of `uid` logged
/// in at `login_time` is gone.
void announce_detach(self_ptr self, protocol::user_id uid,
                     std::int64_t login_time);

/// Takes another node's attach: whether it is stale here, or replaced a
/// session here (answered once that one handed over).
caf::typed_response_promise<attach_verdict>
take_peer_attach(self_ptr self, protocol::user_id uid, std::int64_t login_time,
                 node_number node, session_address& address);

/// Forgets another node's session, if the replica still holds that one.
void take_peer_detach(self_ptr self, protocol::user_id uid,
                      std::int64_t login_time, node_number node);

/// Takes every live session of a node that has just linked.
void take_peer_sync(self_ptr self, node_number node,
                    std::vector<remote_session>& sessions);

/// Passes a push for `uid` to the node that holds the user's session, if
/// another node does.
void relay_push(self_ptr self, protocol::user_id uid, push_envelope& push);

/// Passes a push to every node that holds sessions of `members` but
/// `except`, once per node.
void relay_fan_out(self_ptr self, const member_set& members,
                   protocol::user_id except, const push_envelope& push);

/// Has every node that holds sessions of `members` make them read their
/// backlog again.
void relay_resync(self_ptr self, const member_set& members);

/// Where the user's session on another node comes from; offline if no
/// other node holds one.
session_address remote_address(self_ptr self, protocol::user_id uid);

} // namespace troupe::actors::directory_detail
