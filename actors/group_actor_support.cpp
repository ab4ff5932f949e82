#include "actors/group_actor_support.hpp"

#include <memory>
#include <string>
#include <unordered_set>

#include "telemetry/log.hpp"

namespace troupe::actors::group_detail {

namespace {

/// Returns the member set, unshared, to change it.
std::unordered_set<protocol::user_id>& writable_ids(group_actor_ptr self) {
  auto& ids = self->state.member_ids;
  if (ids.use_count() > 1)
    ids = std::make_shared<std::unordered_set<protocol::user_id>>(*ids);
  return *ids;
}

} // namespace

caf::error refuse(protocol::error_code code) {
  return caf::make_error(code);
}

const member* member_of(group_actor_ptr self, protocol::user_id uid) {
  auto& members = self->state.members;
  auto i = members.find(uid);
  return i != members.end() ? &i->second : nullptr;
}

std::pair<protocol::user_id, const member*>
member_named(group_actor_ptr self, const std::string& username) {
  auto& st = self->state;
  auto i = st.by_name.find(username);
  if (i == st.by_name.end())
    return {0, nullptr};
  return {i->second, member_of(self, i->second)};
}

void add_member(group_actor_ptr self, protocol::user_id uid,
                std::string username, protocol::group_role role) {
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
  return push_envelope{
    push.push_id, std::make_shared<const std::string>(std::move(push.payload)),
    group_id};
}

void fan_out(group_actor_ptr self, push_envelope push,
             protocol::user_id except) {
  auto dir = lookup(self->system(), names::directory);
  if (!dir)
    return;
  member_set members{self->state.member_ids};
  self->send(dir, atoms::fan_out_atom_v, std::move(members), except,
             std::move(push));
}

void call_done(group_actor_ptr self) {
  auto& st = self->state;
  --st.calls_in_flight;
  if (st.stopping && st.calls_in_flight == 0)
    stop(self);
}

void step_down(group_actor_ptr self) {
  auto& st = self->state;
  if (st.superseded)
    return;
  st.superseded = true;
  telemetry::log_info("group " + std::to_string(st.group_id)
                      + ": another actor claimed it; this one stops");
  self->send(st.hub, atoms::idle_atom_v, st.group_id,
             caf::actor_cast<group_actor>(self));
}

void stop(group_actor_ptr self, caf::error reason) {
  self->demonitor(self->state.hub.address());
  self->quit(std::move(reason));
}

} // namespace troupe::actors::group_detail
