#include "actors/command_handlers.hpp"
#include "actors/store_calls.hpp"

namespace troupe::actors {

void ask_group(user_actor_ptr self, std::string id,
               group_request::command cmd) {
  auto& st = self->state;
  auto hub = lookup(self->system(), names::groups);
  if (!hub) {
    reply_error(self, id, protocol::error_code::unavailable);
    return;
  }
  self
    ->request(hub, st.ctx->request_timeout, atoms::group_atom_v,
              group_request{st.uid, st.username, id, std::move(cmd)})
    .then([self, id](std::string& frame) { reply(self, id, std::move(frame)); },
          fail_with(self, id));
}

void handle(user_actor_ptr self, std::string id,
            protocol::group_create_command& cmd) {
  auto& st = self->state;
  with_store(
    self, id,
    store_calls::create_group(st.uid, std::move(cmd.name), st.ctx->ids),
    [self, id](std::int64_t group_id) {
      reply(self, id, protocol::encode_group_created(id, group_id));
    });
}

void handle(user_actor_ptr self, std::string id,
            protocol::groups_command& cmd) {
  // One more than the page shows whether another page follows.
  auto limit = cmd.limit;
  with_store(
    self, id, store_calls::list_groups(self->state.uid, cmd.after, limit + 1),
    [self, id, limit](std::vector<storage::membership_record>& groups) {
      auto more = groups.size() > limit;
      groups.resize(std::min(groups.size(), limit));
      std::vector<protocol::group_view> views;
      views.reserve(groups.size());
      for (auto& g : groups)
        views.push_back({g.group_id, g.name, g.role, g.state});
      reply(self, id, protocol::encode_groups(id, views, more));
    });
}

} // namespace troupe::actors
