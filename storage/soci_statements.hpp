#pragma once

// The statements on the hot path of sending and delivering messages,
// prepared once per connection: SQLite then parses each statement once
// instead of on every call. A statement binds to the members of its struct,
// so a call sets the inputs, executes, and reads the outputs. Internal to
// the soci_*.cpp files.

#include <array>
#include <string>

#include <soci/soci.h>

#include "protocol/profile.hpp"

namespace troupe::storage::detail {

/// `SELECT ... FROM users WHERE username = ?`
struct user_by_name_statement {
  explicit user_by_name_statement(soci::session& sql);

  std::string name;
  long long uid = 0;
  std::string username;
  std::string password_hash;
  std::array<std::string, protocol::profile_field_count> profile;
  long long created_at = 0;
  soci::statement st;
};

/// `SELECT COUNT(*) FROM friendships WHERE user_id = ? AND friend_id = ?`
struct friendship_statement {
  explicit friendship_statement(soci::session& sql);

  long long user = 0;
  long long other = 0;
  int count = 0;
  soci::statement st;
};

/// `SELECT user_id, username, <is friend of viewer> FROM users
/// WHERE username = ?`
struct contact_statement {
  explicit contact_statement(soci::session& sql);

  long long viewer = 0;
  std::string name;
  long long uid = 0;
  std::string username;
  int friendships = 0;
  soci::statement st;
};

/// `SELECT ... FROM messages WHERE sender_id = ? AND client_id = ?`
struct message_by_client_statement {
  explicit message_by_client_statement(soci::session& sql);

  long long sender = 0;
  std::string client_id;
  long long msg_id = 0;
  long long recipient = 0;
  soci::indicator recipient_ind = soci::i_null;
  long long group = 0;
  soci::indicator group_ind = soci::i_null;
  std::string kind;
  std::string body;
  long long ts = 0;
  soci::statement st;
};

/// `INSERT INTO messages ...`: a private message has a recipient and a
/// conversation, a group message a group.
struct message_insert_statement {
  explicit message_insert_statement(soci::session& sql);

  long long msg_id = 0;
  long long sender = 0;
  long long recipient = 0;
  soci::indicator recipient_ind = soci::i_ok;
  long long group = 0;
  soci::indicator group_ind = soci::i_null;
  long long low = 0;
  soci::indicator low_ind = soci::i_ok;
  long long high = 0;
  soci::indicator high_ind = soci::i_ok;
  std::string kind;
  std::string body;
  long long ts = 0;
  std::string client_id;
  soci::statement st;
};

/// `INSERT INTO pushes ...`
struct push_insert_statement {
  explicit push_insert_statement(soci::session& sql);

  long long user = 0;
  long long push_id = 0;
  std::string payload;
  soci::statement st;
};

/// `DELETE FROM pushes WHERE user_id = ? AND push_id = ?`
struct push_delete_statement {
  explicit push_delete_statement(soci::session& sql);

  long long user = 0;
  long long push_id = 0;
  soci::statement st;
};

/// `SELECT push_id, payload FROM pushes WHERE user_id = ? AND push_id > ?
/// ORDER BY push_id LIMIT ?`
struct pushes_after_statement {
  explicit pushes_after_statement(soci::session& sql);

  long long user = 0;
  long long after = 0;
  long long limit = 0;
  long long push_id = 0;
  std::string payload;
  soci::statement st;
};

/// Every hot statement of one connection.
struct prepared_statements {
  explicit prepared_statements(soci::session& sql);

  user_by_name_statement user_by_name;
  friendship_statement friendship;
  contact_statement contact;
  message_by_client_statement message_by_client;
  message_insert_statement message_insert;
  push_insert_statement push_insert;
  push_delete_statement push_delete;
  pushes_after_statement pushes_after;
};

} // namespace troupe::storage::detail
