#include "actors/group_actor.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "actors/group_request.hpp"
#include "actors/log.hpp"
#include "actors/message_views.hpp"
#include "actors/push_envelope.hpp"
#include "actors/services.hpp"
#include "actors/store_calls.hpp"
#include "protocol/encoder.hpp"

namespace troupe::actors {

namespace {

using protocol::error_code;
using protocol::group_role;
using protocol::group_state;
using reply = caf::result<std::string>;
using member = group_actor_state::member;

// A group that does not exist is remembered only briefly: ids a client
// makes up must not keep actors alive.
constexpr caf::timespan missing_group_linger = std::chrono::seconds{1};

caf::error refuse(error_code code) {
  return caf::make_error(code);
}

const member* member_of(group_actor_ptr self, protocol::user_id uid) {
  auto& members = self->state.members;
  auto i = members.find(uid);
  return i != members.end() ? &i->second : nullptr;
}

/// Returns the member named `username`, with their id.
std::pair<protocol::user_id, const member*>
member_named(group_actor_ptr self, const std::string& username) {
  auto& st = self->state;
  auto i = st.by_name.find(username);
  if (i == st.by_name.end())
    return {0, nullptr};
  return {i->second, member_of(self, i->second)};
}

/// Returns the member set, unshared, to change it.
std::unordered_set<protocol::user_id>& writable_ids(group_actor_ptr self) {
  auto& ids = self->state.member_ids;
  if (ids.use_count() > 1)
    ids = std::make_shared<std::unordered_set<protocol::user_id>>(*ids);
  return *ids;
}

void add_member(group_actor_ptr self, protocol::user_id uid,
                std::string username, group_role role) {
  auto& st = self->state;
  st.by_name[username] = uid;
  st.members[uid] = member{std::move(username), role};
  writable_ids(self).insert(uid);
}

void remove_member(group_actor_ptr self, protocol::user_id uid) {
  auto& st = self->state;
  auto i = st.members.find(uid);
  if (i == st.members.end())
    return;
  st.by_name.erase(i->second.username);
  st.members.erase(i);
  writable_ids(self).erase(uid);
}

push_envelope envelope_of(storage::stored_push& push, std::int64_t group_id) {
  return push_envelope{push.push_id,
                       std::make_shared<const std::string>(
                         std::move(push.payload)),
                       group_id};
}

/// Hands `push` to every online member but `except`. Should the directory
/// be restarting, the members find the push in storage at their next login.
void fan_out(group_actor_ptr self, push_envelope push,
             protocol::user_id except = 0) {
  auto dir = lookup(self->system(), names::directory);
  if (!dir)
    return;
  member_set members = self->state.member_ids;
  self->send(dir, atoms::fan_out_atom_v, std::move(members), except,
             std::move(push));
}

void call_done(group_actor_ptr self) {
  auto& st = self->state;
  --st.calls_in_flight;
  if (st.stopping && st.calls_in_flight == 0)
    self->quit();
}

/// Passes a failed call's error on to the requester.
struct pass_on {
  caf::error operator()(caf::error& err) const {
    return std::move(err);
  }
};

/// Runs `call` on the group's persistence worker (one group, one worker:
/// the group's writes commit in the order this actor sends them) and
/// answers the requester with what `on_ok` makes of the result, or with
/// what `on_failure` makes of the failure.
template <class Answer, class OnOk, class OnFailure = pass_on>
reply store_then(group_actor_ptr self, storage_call call, OnOk on_ok,
                 OnFailure on_failure = {}) {
  auto& st = self->state;
  auto store = persistence_for(self->system(), *st.ctx,
                               static_cast<std::uint64_t>(st.group_id));
  if (!store) {
    auto down = refuse(error_code::unavailable);
    return on_failure(down);
  }
  auto rp = self->make_response_promise<std::string>();
  ++st.calls_in_flight;
  self
    ->request(store, st.ctx->request_timeout, atoms::run_atom_v,
              std::move(call))
    .then(
      [self, rp, on_ok](Answer& answer) mutable {
        rp.deliver(on_ok(answer));
        call_done(self);
      },
      [self, rp, on_failure](caf::error& err) mutable {
        // Silence (a timeout) or a worker gone with the call: the store may
        // have committed it all the same, and nobody would hand it out.
        // Failing lets a successor reload the group behind the call and
        // have the online members read their backlog again.
        auto outcome_unknown = err.category() == caf::atom("system");
        auto why = err;
        rp.deliver(on_failure(err));
        call_done(self);
        if (outcome_unknown)
          self->quit(why);
      });
  return rp;
}

/// Stores the end of `uid`'s membership and tells everyone, the removed
/// member included.
reply remove(group_actor_ptr self, const group_request& req,
             protocol::user_id uid, const member& who) {
  auto& st = self->state;
  auto gid = st.group_id;
  return store_then<store_calls::group_changed>(
    self,
    store_calls::remove_group_member(gid, uid, who.username, who.role,
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
             storage_call call, Apply apply) {
  return store_then<store_calls::group_changed>(
    self, std::move(call),
    [self, id = req.request_id, apply](store_calls::group_changed& changed) {
      apply();
      fan_out(self, envelope_of(changed.push, self->state.group_id));
      return protocol::encode_ok_empty(id);
    });
}

// -- the commands ---------------------------------------------------------------

reply on(group_actor_ptr self, const group_request& req,
         protocol::group_add_command& cmd) {
  auto& st = self->state;
  if (st.group.state == group_state::dissolved)
    return refuse(error_code::group_dissolved);
  auto me = member_of(self, req.uid);
  if (me == nullptr || me->role == group_role::member)
    return refuse(error_code::forbidden);
  if (st.by_name.count(cmd.username) != 0)
    return refuse(error_code::already_member);
  if (st.members.size() + st.adds_in_flight >= st.ctx->groups.max_members)
    return refuse(error_code::group_full);
  ++st.adds_in_flight;
  return store_then<store_calls::group_changed>(
    self,
    store_calls::add_group_member(st.group_id, cmd.username, st.group.state,
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
  auto me = member_of(self, req.uid);
  if (me == nullptr || me->role == group_role::member)
    return refuse(error_code::forbidden);
  auto [uid, target] = member_named(self, cmd.username);
  if (target == nullptr)
    return refuse(error_code::not_member);
  // The owner leaves by handing over or dissolving; an admin kicks only
  // plain members.
  if (uid == req.uid
      || (me->role == group_role::admin && target->role != group_role::member))
    return refuse(error_code::forbidden);
  return remove(self, req, uid, *target);
}

reply on(group_actor_ptr self, const group_request& req,
         protocol::group_leave_command&) {
  auto me = member_of(self, req.uid);
  if (me == nullptr)
    return refuse(error_code::not_member);
  if (me->role == group_role::owner)
    return refuse(error_code::owner_cannot_leave);
  return remove(self, req, req.uid, *me);
}

reply on(group_actor_ptr self, const group_request& req,
         protocol::group_set_role_command& cmd) {
  auto& st = self->state;
  auto me = member_of(self, req.uid);
  if (me == nullptr || me->role != group_role::owner)
    return refuse(error_code::forbidden);
  auto [uid, target] = member_named(self, cmd.username);
  if (target == nullptr)
    return refuse(error_code::not_member);
  if (target->role == group_role::owner)
    return refuse(error_code::forbidden);
  if (target->role == cmd.role)
    return protocol::encode_ok_empty(req.request_id);
  return change(self, req,
                store_calls::set_group_role(st.group_id, uid, cmd.username,
                                            cmd.role, st.group.state,
                                            st.ctx->ids),
                [self, uid = uid, role = cmd.role] {
                  self->state.members[uid].role = role;
                });
}

reply on(group_actor_ptr self, const group_request& req,
         protocol::group_set_state_command& cmd) {
  auto& st = self->state;
  auto me = member_of(self, req.uid);
  if (me == nullptr || me->role != group_role::owner)
    return refuse(error_code::forbidden);
  if (st.group.state == group_state::dissolved)
    return refuse(error_code::group_dissolved);
  if (st.group.state == cmd.state)
    return protocol::encode_ok_empty(req.request_id);
  return change(self, req,
                store_calls::set_group_state(st.group_id, req.uid,
                                             req.username, cmd.state,
                                             st.ctx->ids),
                [self, state = cmd.state] { self->state.group.state = state; });
}

/// Returns why `me` may not send now, if so.
std::optional<error_code> send_refusal(group_actor_ptr self,
                                       const member* me) {
  auto state = self->state.group.state;
  if (me == nullptr)
    return error_code::not_member;
  if (state == group_state::dissolved)
    return error_code::group_dissolved;
  if (state == group_state::muted
      || (state == group_state::admins_only && me->role == group_role::member))
    return error_code::group_muted;
  return std::nullopt;
}

reply on(group_actor_ptr self, const group_request& req,
         protocol::group_send_command& cmd) {
  auto& st = self->state;
  auto answer_sent = [id = req.request_id](store_calls::sent_message& sent) {
    return protocol::encode_sent(id, sent.msg_id, sent.ts);
  };
  if (auto refusal = send_refusal(self, member_of(self, req.uid))) {
    // A repeat of a send stored before the group changed still gets its
    // first answer.
    return store_then<store_calls::sent_message>(
      self, store_calls::find_sent(req.uid, req.request_id), answer_sent,
      [code = *refusal](caf::error&) { return refuse(code); });
  }
  return store_then<store_calls::sent_message>(
    self,
    store_calls::send_group_message(req.uid, req.username, req.request_id,
                                    cmd, st.ctx->ids),
    [self, answer_sent, sender = req.uid](store_calls::sent_message& sent) {
      if (!sent.repeated)
        fan_out(self, envelope_of(sent.push, self->state.group_id), sender);
      return answer_sent(sent);
    });
}

reply on(group_actor_ptr self, const group_request& req,
         protocol::group_members_command&) {
  auto& st = self->state;
  if (member_of(self, req.uid) == nullptr)
    return refuse(error_code::not_member);
  auto dir = lookup(self->system(), names::directory);
  if (!dir)
    return refuse(error_code::unavailable);
  std::vector<protocol::user_id> uids;
  uids.reserve(st.members.size());
  for (auto& [uid, m] : st.members)
    uids.push_back(uid);
  std::sort(uids.begin(), uids.end());
  auto rp = self->make_response_promise<std::string>();
  self->request(dir, st.ctx->request_timeout, atoms::online_atom_v, uids)
    .then(
      [self, rp, uids, id = req.request_id](
        std::vector<session_address>& where) mutable {
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
  if (member_of(self, req.uid) == nullptr)
    return refuse(error_code::not_member);
  return store_then<std::vector<storage::message_record>>(
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

// -- life cycle -----------------------------------------------------------------

void arm_idle_timer(group_actor_ptr self, caf::timespan after) {
  self->delayed_send(self, after, atoms::idle_atom_v);
}

void on_idle_timer(group_actor_ptr self) {
  auto& st = self->state;
  auto limit = st.missing ? missing_group_linger : st.ctx->groups.idle_stop;
  auto idle_for = self->clock().now() - st.last_request;
  if (idle_for < limit || st.calls_in_flight > 0) {
    arm_idle_timer(self, std::max(limit - idle_for, caf::timespan{1000000}));
    return;
  }
  self->send(st.hub, atoms::idle_atom_v, st.group_id, caf::actor{self});
}

void on_loaded(group_actor_ptr self, store_calls::loaded_group& loaded) {
  auto& st = self->state;
  st.group = std::move(loaded.group);
  for (auto& m : loaded.members)
    add_member(self, m.uid, std::move(m.username), m.role);
  st.loaded = true;
}

caf::behavior running(group_actor_ptr self) {
  return {
    [self](atoms::group_atom, group_request& req) -> reply {
      auto& st = self->state;
      st.last_request = self->clock().now();
      if (st.missing)
        return refuse(error_code::no_such_group);
      return std::visit([&](auto& cmd) { return on(self, req, cmd); },
                        req.body);
    },
    [self](atoms::idle_atom) { on_idle_timer(self); },
    [self](atoms::stop_atom) {
      auto& st = self->state;
      st.stopping = true;
      if (st.calls_in_flight == 0)
        self->quit();
    },
  };
}

} // namespace

caf::behavior group_actor(group_actor_ptr self, std::int64_t group_id,
                          context_ptr ctx, caf::actor hub, bool recovering) {
  auto& st = self->state;
  st.group_id = group_id;
  st.ctx = std::move(ctx);
  st.hub = std::move(hub);
  st.last_request = self->clock().now();
  // Without its hub no request reaches it, and nobody would stop it.
  self->monitor(st.hub);
  self->set_down_handler([self](caf::down_msg&) { self->quit(); });
  auto store = persistence_for(self->system(), *st.ctx,
                               static_cast<std::uint64_t>(group_id));
  if (!store) {
    self->quit(caf::make_error(error_code::unavailable));
    return {};
  }
  self
    ->request(store, st.ctx->request_timeout, atoms::run_atom_v,
              store_calls::load_group(group_id))
    .then(
      [self, recovering](store_calls::loaded_group& loaded) {
        on_loaded(self, loaded);
        if (recovering)
          if (auto dir = lookup(self->system(), names::directory))
            self->send(dir, atoms::resync_atom_v,
                       member_set{self->state.member_ids});
        self->become(running(self));
        arm_idle_timer(self, self->state.ctx->groups.idle_stop);
      },
      [self](caf::error& err) {
        if (to_protocol_error(err) != error_code::no_such_group) {
          // Requests waiting meanwhile hear the actor is gone: unavailable.
          log_warning("group " + std::to_string(self->state.group_id)
                      + " could not be loaded: " + describe(err));
          self->quit(err);
          return;
        }
        self->state.missing = true;
        self->become(running(self));
        arm_idle_timer(self, missing_group_linger);
      });
  // Until the group is loaded, requests wait in the mailbox.
  return {
    [](atoms::group_atom, group_request&) -> reply { return caf::skip; },
  };
}

} // namespace troupe::actors
