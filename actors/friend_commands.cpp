#include "actors/command_handlers.hpp"
#include "actors/store_calls.hpp"

namespace troupe::actors {

namespace {

/// Sends the push a friendship change stored to the other user.
void route_friend_push(user_actor_ptr self, protocol::user_id other,
                       storage::stored_push& push) {
  route_push(self, other,
             push_envelope{push.push_id, std::make_shared<const std::string>(
                                           std::move(push.payload))});
}

std::vector<protocol::friend_request_view>
views_of(const std::vector<storage::friend_request_record>& requests,
         bool incoming) {
  std::vector<protocol::friend_request_view> out;
  for (auto& r : requests)
    out.push_back(
      {r.request_id, incoming ? r.from_name : r.to_name, r.note, r.created_at});
  return out;
}

} // namespace

void handle(user_actor_ptr self, std::string id,
            protocol::friend_request_command& cmd) {
  auto& st = self->state;
  with_store(self, id,
             store_calls::request_friend(
               st.uid, st.username, std::move(cmd.username),
               std::move(cmd.note), st.ctx->max_pending_friend_requests,
               st.ctx->ids),
             [self, id](store_calls::friend_request_outcome& out) {
               reply(self, id,
                     protocol::encode_friend_requested(id, out.request_id,
                                                       out.accepted));
               route_friend_push(self, out.other, out.push);
             });
}

void handle(user_actor_ptr self, std::string id,
            protocol::friend_respond_command& cmd) {
  auto& st = self->state;
  with_store(self, id,
             store_calls::respond_to_friend(st.uid, st.username, cmd.request_id,
                                            cmd.accept, st.ctx->ids),
             [self, id](store_calls::friend_change_outcome& out) {
               reply(self, id, protocol::encode_ok_empty(id));
               route_friend_push(self, out.other, out.push);
             });
}

void handle(user_actor_ptr self, std::string id,
            protocol::friend_remove_command& cmd) {
  auto& st = self->state;
  with_store(self, id,
             store_calls::remove_friend(st.uid, st.username,
                                        std::move(cmd.username), st.ctx->ids),
             [self, id](store_calls::friend_change_outcome& out) {
               reply(self, id, protocol::encode_ok_empty(id));
               route_friend_push(self, out.other, out.push);
             });
}

void handle(user_actor_ptr self, std::string id,
            protocol::friends_command& cmd) {
  auto& st = self->state;
  // One more than the page shows whether another page follows.
  auto limit = cmd.limit;
  with_store(
    self, id, store_calls::list_friends(st.uid, cmd.offset, limit + 1),
    [self, id, limit](std::vector<storage::friend_record>& friends) {
      auto more = friends.size() > limit;
      friends.resize(std::min(friends.size(), limit));
      auto dir = lookup(self->system(), names::directory);
      if (!dir) {
        reply_error(self, id, protocol::error_code::unavailable);
        return;
      }
      std::vector<protocol::user_id> uids;
      for (auto& f : friends)
        uids.push_back(f.uid);
      self
        ->request(dir, self->state.ctx->request_timeout, atoms::online_atom_v,
                  user_list{std::move(uids)})
        .then(
          [self, id, friends, more](std::vector<session_address>& where) {
            auto share = self->state.ctx->share_address;
            std::vector<protocol::friend_view> views;
            for (std::size_t i = 0; i < friends.size(); ++i) {
              protocol::friend_view v;
              v.uid = friends[i].uid;
              v.username = friends[i].username;
              v.nickname = friends[i].nickname;
              v.online = where[i].online;
              v.last_message_at = friends[i].last_message_at;
              if (share && where[i].online) {
                v.ip = where[i].ip;
                v.port = where[i].port;
              }
              views.push_back(std::move(v));
            }
            reply(self, id, protocol::encode_friends(id, views, more));
          },
          fail_with(self, id));
    });
}

void handle(user_actor_ptr self, std::string id,
            protocol::friend_requests_command&) {
  auto uid = self->state.uid;
  with_store(
    self, id, store_calls::list_friend_requests(uid),
    [self, id, uid](std::vector<storage::friend_request_record>& requests) {
      std::vector<storage::friend_request_record> incoming;
      std::vector<storage::friend_request_record> outgoing;
      for (auto& r : requests)
        (r.to_id == uid ? incoming : outgoing).push_back(r);
      reply(self, id,
            protocol::encode_friend_requests(id, views_of(incoming, true),
                                             views_of(outgoing, false)));
    });
}

} // namespace troupe::actors
