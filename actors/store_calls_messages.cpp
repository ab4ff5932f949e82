#include "actors/store_call_support.hpp"
#include "domain/messages.hpp"
#include "domain/pushes.hpp"

namespace troupe::actors::store_calls {

using namespace detail;

storage_call<sent_message>
send_message(protocol::user_id sender, std::string sender_name,
             std::string client_id, protocol::send_command cmd, ids_ptr ids) {
  return {true,
          [=](storage::adapter& db) {
            return domain::send_message(db, *ids, unix_ms(), sender,
                                        sender_name, client_id, cmd);
          },
          storage::contact_query{sender, cmd.to}};
}

storage_call<sent_message>
send_group_message(domain::group_claim claim, protocol::user_id sender,
                   std::string sender_name, std::string client_id,
                   protocol::group_send_command cmd, ids_ptr ids) {
  return {true, [=](storage::adapter& db) {
            return domain::send_group_message(
              db, *ids, unix_ms(), claim, sender, sender_name, client_id, cmd);
          }};
}

storage_call<sent_message> find_sent(protocol::user_id sender,
                                     std::string client_id) {
  return {false, [=](storage::adapter& db) {
            return domain::find_sent(db, sender, client_id);
          }};
}

storage_call<std::vector<storage::message_record>>
load_group_history(std::int64_t group_id, std::int64_t before,
                   std::int64_t after, std::size_t limit) {
  return {false, [=](storage::adapter& db) {
            return domain::load_group_history(db, group_id, before, after,
                                              limit);
          }};
}

storage_call<std::vector<storage::message_record>>
load_history(protocol::user_id me, std::string with, std::int64_t before,
             std::int64_t after, std::size_t limit) {
  return {false, [=](storage::adapter& db) {
            return domain::load_history(db, me, with, before, after, limit);
          }};
}

storage_call<system_pushed>
store_system_message(std::string username, std::string body, ids_ptr ids) {
  return {true, [=](storage::adapter& db) {
            return domain::store_system_message(db, *ids, unix_ms(), username,
                                                body);
          }};
}

storage_call<std::vector<storage::stored_push>>
load_pushes(protocol::user_id uid, std::int64_t after, std::size_t limit) {
  return {false, [=](storage::adapter& db) {
            return domain::load_pushes(db, uid, after, limit);
          }};
}

storage_call<void>
forget_pushes(protocol::user_id uid, std::vector<std::int64_t> push_ids,
              std::map<std::int64_t, std::int64_t> positions) {
  return {true, [=](storage::adapter& db) {
            return domain::forget_pushes(db, uid, push_ids, positions);
          }};
}

} // namespace troupe::actors::store_calls
