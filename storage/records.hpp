#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/groups.hpp"
#include "protocol/ids.hpp"
#include "protocol/payloads.hpp"
#include "protocol/profile.hpp"
#include "protocol/requests.hpp"

namespace troupe::storage {

// -- users
// ----------------------------------------------------------------------

/// A user as stored.
struct user_record {
  protocol::user_id uid = 0;
  std::string username;
  /// argon2id hash in libsodium's string format; never leaves the node.
  std::string password_hash;
  protocol::profile profile;
  /// Milliseconds since the epoch.
  std::int64_t created_at = 0;
};

/// What `user_create` stores; the store assigns the id.
struct new_user {
  std::string username;
  std::string password_hash;
  protocol::profile profile;
  std::int64_t created_at = 0;
};

/// What `presence` reports beyond the online flag.
struct presence_record {
  protocol::user_id uid = 0;
  /// When the user last logged in or out (ms); 0 if never.
  std::int64_t last_seen = 0;
  std::optional<protocol::location> location;
};

// -- friends
// --------------------------------------------------------------------

/// A friend of a user, as `friends` lists them.
struct friend_record {
  protocol::user_id uid = 0;
  std::string username;
  std::string nickname;
  /// When the two last exchanged a message (ms); 0 if never.
  std::int64_t last_message_at = 0;
};

/// Another user as one user sees them: who they are and whether they are
/// friends.
struct contact_record {
  protocol::user_id uid = 0;
  std::string username;
  bool is_friend = false;
};

/// A contact to look up: `username` as `viewer` sees them.
struct contact_query {
  protocol::user_id viewer = 0;
  std::string username;
};

/// What the calls of a transaction will look up, known before they run
/// (`adapter::take_hint`).
struct batch_hint {
  /// The contacts they ask `contact_by_name` for.
  std::vector<contact_query> contacts;
};

/// A pending friend request.
struct friend_request_record {
  std::int64_t request_id = 0;
  protocol::user_id from_id = 0;
  std::string from_name;
  protocol::user_id to_id = 0;
  std::string to_name;
  std::string note;
  std::int64_t created_at = 0;
  /// The `friend_request` push stored for `to_id` with it; 0: none.
  std::int64_t push_id = 0;
};

/// Which of a user's pending friend requests: those to them or from them.
enum class request_side { incoming, outgoing };

// -- messages and delivery
// -------------------------------------------------------

/// A stored message. Private messages have a recipient, group messages a
/// group id.
struct message_record {
  std::int64_t msg_id = 0;
  protocol::user_id sender_id = 0;
  std::string sender_name;
  protocol::user_id recipient_id = 0;
  std::string recipient_name;
  std::optional<std::int64_t> group_id;
  protocol::message_kind kind = protocol::message_kind::text;
  std::string body;
  std::int64_t ts = 0;
  /// The sender's request id, unique per sender: a repeated request finds
  /// the message it stored the first time.
  std::string client_id;
};

/// A push waiting for its recipient's ack, as it goes on the wire.
struct stored_push {
  std::int64_t push_id = 0;
  std::string payload;
  /// The group whose stream holds it (a member's position in the group
  /// covers it); 0 for a push of the user's own.
  std::int64_t group_id = 0;
};

// -- files
// ----------------------------------------------------------------------

/// A file's metadata.
struct file_record {
  std::int64_t file_id = 0;
  protocol::user_id uploader_id = 0;
  std::string content_type;
  std::int64_t size = 0;
  std::int64_t created_at = 0;
};

// -- groups
// ---------------------------------------------------------------------

/// A group as stored.
struct group_record {
  std::int64_t group_id = 0;
  std::string name;
  protocol::group_state state = protocol::group_state::normal;
  std::int64_t created_at = 0;
};

/// A member of a group, as the group sees them.
struct group_member_record {
  protocol::user_id uid = 0;
  std::string username;
  protocol::group_role role = protocol::group_role::member;
  /// The newest message of the group the member acknowledged (0: none).
  std::int64_t delivered_to = 0;
};

/// The node whose actor of a group writes the group: its node number and,
/// in a cluster, the incarnation of that node (0 on a single node).
struct group_host {
  std::uint32_t node = 0;
  std::int64_t incarnation = 0;

  friend bool operator==(const group_host& x, const group_host& y) {
    return x.node == y.node && x.incarnation == y.incarnation;
  }

  friend bool operator!=(const group_host& x, const group_host& y) {
    return !(x == y);
  }
};

/// A claim on a group, as the store made it: the group's owner epoch, now
/// the claimer's, and who held the group before (none for a group never
/// claimed).
struct group_claim_record {
  std::int64_t epoch = 0;
  std::optional<group_host> previous;
};

/// A node's place in the cluster, as `cluster_nodes` holds it: the node
/// that holds `node_id`'s lease, and where its peers dial it.
struct node_lease {
  std::uint32_t node_id = 0;
  /// Chosen afresh at each start: a restarted node is a new incarnation.
  std::int64_t incarnation = 0;
  std::string host;
  std::uint16_t port = 0;
  /// Milliseconds since the epoch (the holder's clock) until which the
  /// node counts as live unless it renews.
  std::int64_t lease_until = 0;
};

/// A group, as one of its members sees it.
struct membership_record {
  std::int64_t group_id = 0;
  std::string name;
  protocol::group_role role = protocol::group_role::member;
  protocol::group_state state = protocol::group_state::normal;
};

} // namespace troupe::storage
