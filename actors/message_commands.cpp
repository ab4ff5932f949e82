#include "actors/command_handlers.hpp"
#include "actors/message_views.hpp"
#include "actors/store_calls.hpp"

namespace troupe::actors {

void handle(user_actor_ptr self, std::string id, protocol::send_command& cmd) {
  auto& st = self->state;
  with_store(
    self, id,
    store_calls::send_message(st.uid, st.username, id, std::move(cmd),
                              st.ctx->ids),
    [self, id](store_calls::sent_message& sent) {
      // Stored: answer first, then push to the recipient.
      reply(self, id, protocol::encode_sent(id, sent.msg_id, sent.ts));
      if (sent.repeated)
        return;
      self->state.ctx->metrics->count_stored(telemetry::message_chat::direct);
      route_push(
        self, sent.recipient,
        push_envelope{sent.push.push_id, std::make_shared<const std::string>(
                                           std::move(sent.push.payload))});
    });
}

void handle(user_actor_ptr self, std::string id,
            protocol::history_command& cmd) {
  if (cmd.group_id) {
    ask_group(self, std::move(id), std::move(cmd));
    return;
  }
  with_store(self, id,
             store_calls::load_history(self->state.uid, std::move(cmd.with),
                                       cmd.before.value_or(0),
                                       cmd.after.value_or(0), cmd.limit),
             [self, id](std::vector<storage::message_record>& messages) {
               std::vector<protocol::message_view> views;
               views.reserve(messages.size());
               for (auto& m : messages)
                 views.push_back(view_of(m));
               reply(self, id, protocol::encode_history(id, views));
             });
}

void handle(user_actor_ptr self, std::string id,
            protocol::presence_command& cmd) {
  with_store(
    self, id,
    store_calls::find_presence(self->state.uid, std::move(cmd.username)),
    [self, id](storage::presence_record& found) {
      auto dir = lookup(self->system(), names::directory);
      if (!dir) {
        reply_error(self, id, protocol::error_code::unavailable);
        return;
      }
      self
        ->request(dir, self->state.ctx->request_timeout, atoms::online_atom_v,
                  user_list{{found.uid}})
        .then(
          [self, id, found](std::vector<session_address>& where) {
            reply(self, id,
                  protocol::encode_presence(id, where[0].online,
                                            found.last_seen, found.location));
          },
          fail_with(self, id));
    });
}

void handle(user_actor_ptr self, std::string id,
            protocol::set_location_command& cmd) {
  protocol::location where{cmd.lat, cmd.lon};
  with_store(self, id, store_calls::set_location(self->state.uid, where),
             [self, id, where]() {
               reply(self, id, protocol::encode_ok_empty(id));
               presence::announce_location(self, where);
             });
}

void handle(user_actor_ptr self, std::string, protocol::ack_command& cmd) {
  delivery::on_ack(self, cmd.push_id);
}

} // namespace troupe::actors
