// The commands of a group: each asks the group's rules (domain/group_rules)
// about the members this actor holds, then stores the change and tells the
// members.

#include <algorithm>
#include <optional>
#include <vector>

#include "actors/group_actor_support.hpp"
#include "actors/message_views.hpp"
#include "actors/store_calls.hpp"
#include "domain/group_rules.hpp"
#include "protocol/encoder.hpp"

namespace troupe::actors::group_detail {

namespace {

using protocol::error_code;
using protocol::group_role;

/// Stores the end of `uid`'s membership and tells everyone, the removed
/// member included.
reply remove(group_actor_ptr self, const group_request& req,
             protocol::user_id uid, const member& who) {
  auto& st = self->state;
  return store_then(
    self,
    store_calls::remove_group_member(st.claim, uid, who.username, who.role,
                                     st.group.state, st.ctx->ids),
    [self, id = req.request_id, uid](store_calls::group_changed& changed) {
      // Fanned out before the removal: the removed member hears it too.
      fan_out(self, envelope_of(changed.push, self->state.group_id));
      remove_member(self, uid);
      return protocol::encode_ok_empty(id);
    });
}

/// Stores a change of role or state and tells every member.
template <class Apply>
reply change(group_actor_ptr self, const group_request& req,
             storage_call<store_calls::group_changed> call, Apply apply) {
  return store_then(
    self, std::move(call),
    [self, id = req.request_id, apply](store_calls::group_changed& changed) {
      apply();
      fan_out(self, envelope_of(changed.push, self->state.group_id));
      return protocol::encode_ok_empty(id);
    });
}

/// Returns the standing of `who` in the group: their role, or none.
domain::standing standing_of(const member* who) {
  if (who == nullptr)
    return std::nullopt;
  return who->role;
}

} // namespace

reply on(group_actor_ptr self, const group_request& req,
         protocol::group_add_command& cmd) {
  auto& st = self->state;
  if (auto refusal = domain::add_refusal(
        st.group.state, standing_of(member_of(self, req.uid)),
        st.by_name.count(cmd.username) != 0,
        st.members.size() + st.adds_in_flight, st.ctx->groups.max_members))
    return refuse(*refusal);
  ++st.adds_in_flight;
  return store_then(
    self,
    store_calls::add_group_member(st.claim, cmd.username, st.group.state,
                                  st.ctx->ids),
    [self, id = req.request_id,
     username = cmd.username](store_calls::group_changed& changed) {
      --self->state.adds_in_flight;
      add_member(self, changed.uid, username, group_role::member);
      fan_out(self, envelope_of(changed.push, self->state.group_id));
      return protocol::encode_ok_empty(id);
    },
    [self](caf::error& err) {
      --self->state.adds_in_flight;
      return std::move(err);
    });
}

reply on(group_actor_ptr self, const group_request& req,
         protocol::group_kick_command& cmd) {
  auto [uid, target] = member_named(self, cmd.username);
  if (auto refusal = domain::kick_refusal(standing_of(member_of(self, req.uid)),
                                          standing_of(target), uid == req.uid))
    return refuse(*refusal);
  return remove(self, req, uid, *target);
}

reply on(group_actor_ptr self, const group_request& req,
         protocol::group_leave_command&) {
  auto me = member_of(self, req.uid);
  if (auto refusal = domain::leave_refusal(standing_of(me)))
    return refuse(*refusal);
  return remove(self, req, req.uid, *me);
}

reply on(group_actor_ptr self, const group_request& req,
         protocol::group_set_role_command& cmd) {
  auto& st = self->state;
  auto [uid, target] = member_named(self, cmd.username);
  if (auto refusal = domain::set_role_refusal(
        standing_of(member_of(self, req.uid)), standing_of(target)))
    return refuse(*refusal);
  if (target->role == cmd.role)
    return protocol::encode_ok_empty(req.request_id);
  return change(self, req,
                store_calls::set_group_role(st.claim, uid, cmd.username,
                                            cmd.role, st.group.state,
                                            st.ctx->ids),
                [self, uid = uid, role = cmd.role] {
                  self->state.members[uid].role = role;
                });
}

reply on(group_actor_ptr self, const group_request& req,
         protocol::group_set_state_command& cmd) {
  auto& st = self->state;
  if (auto refusal = domain::set_state_refusal(
        standing_of(member_of(self, req.uid)), st.group.state))
    return refuse(*refusal);
  if (st.group.state == cmd.state)
    return protocol::encode_ok_empty(req.request_id);
  return change(self, req,
                store_calls::set_group_state(st.claim, req.uid, req.username,
                                             cmd.state, st.ctx->ids),
                [self, state = cmd.state] { self->state.group.state = state; });
}

reply on(group_actor_ptr self, const group_request& req,
         protocol::group_send_command& cmd) {
  auto& st = self->state;
  auto answer_sent = [id = req.request_id](store_calls::sent_message& sent) {
    return protocol::encode_sent(id, sent.msg_id, sent.ts);
  };
  if (auto refusal = domain::send_refusal(standing_of(member_of(self, req.uid)),
                                          st.group.state)) {
    // A repeat of a send stored before the group changed still gets its
    // first answer.
    return store_then(self, store_calls::find_sent(req.uid, req.request_id),
                      answer_sent,
                      [code = *refusal](caf::error&) { return refuse(code); });
  }
  return store_then(
    self,
    store_calls::send_group_message(st.claim, req.uid, req.username,
                                    req.request_id, cmd, st.ctx->ids),
    [self, answer_sent, sender = req.uid](store_calls::sent_message& sent) {
      if (!sent.repeated) {
        self->state.ctx->metrics->count_stored(telemetry::message_chat::group);
        fan_out(self, envelope_of(sent.push, self->state.group_id), sender);
      }
      return answer_sent(sent);
    });
}

reply on(group_actor_ptr self, const group_request& req,
         protocol::group_members_command&) {
  auto& st = self->state;
  if (auto refusal
      = domain::read_refusal(standing_of(member_of(self, req.uid))))
    return refuse(*refusal);
  auto dir = lookup(self->system(), names::directory);
  if (!dir)
    return refuse(error_code::unavailable);
  std::vector<protocol::user_id> uids;
  uids.reserve(st.members.size());
  for (auto& [uid, m] : st.members)
    uids.push_back(uid);
  std::sort(uids.begin(), uids.end());
  auto rp = self->make_response_promise<std::string>();
  self
    ->request(dir, st.ctx->request_timeout, atoms::online_atom_v,
              user_list{uids})
    .then(
      [self, rp, uids,
       id = req.request_id](std::vector<session_address>& where) mutable {
        std::vector<protocol::group_member_view> views;
        views.reserve(uids.size());
        for (std::size_t i = 0; i < uids.size(); ++i) {
          auto m = member_of(self, uids[i]);
          if (m == nullptr)
            continue; // left while the directory answered
          views.push_back({uids[i], m->username, m->role, where[i].online});
        }
        rp.deliver(protocol::encode_group_members(id, views));
      },
      [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
  return rp;
}

reply on(group_actor_ptr self, const group_request& req,
         protocol::history_command& cmd) {
  auto& st = self->state;
  if (auto refusal
      = domain::read_refusal(standing_of(member_of(self, req.uid))))
    return refuse(*refusal);
  return store_then(
    self,
    store_calls::load_group_history(st.group_id, cmd.before.value_or(0),
                                    cmd.after.value_or(0), cmd.limit),
    [id = req.request_id](std::vector<storage::message_record>& messages) {
      std::vector<protocol::message_view> views;
      views.reserve(messages.size());
      for (auto& m : messages)
        views.push_back(view_of(m));
      return protocol::encode_history(id, views);
    });
}

} // namespace troupe::actors::group_detail
