#include "domain/friends.hpp"

#include <utility>

#include "protocol/encoder.hpp"

namespace troupe::domain {

using protocol::error_code;

namespace {

/// Stores a `friend_update` push telling `to` that `by` changed their
/// friendship; returns the push.
result<storage::stored_push>
store_friend_update(storage::adapter& db, storage::id_generator& ids,
                    std::int64_t now_ms, protocol::user_id to,
                    const std::string& by, protocol::friend_change change) {
  storage::stored_push push;
  push.push_id = ids.next();
  push.payload
    = protocol::encode_friend_update_push(push.push_id, by, change, now_ms);
  if (auto stored = db.push_store(to, push); !stored)
    return from_store(stored.error());
  return push;
}

/// Withdraws the pending requests of `uid` on `side` older than the newest
/// `keep`, each with the `friend_request` push stored for its recipient:
/// nobody is told of a request that is gone.
result<void> expire_requests_beyond(storage::adapter& db, protocol::user_id uid,
                                    storage::request_side side,
                                    std::size_t keep) {
  auto expired = db.friend_requests_beyond(uid, side, keep);
  if (!expired)
    return from_store(expired.error());
  for (auto& r : *expired) {
    if (auto dropped = db.friend_request_delete(r.request_id); !dropped)
      return from_store(dropped.error());
    if (r.push_id == 0)
      continue; // stored before requests named their push
    if (auto forgotten = db.push_delete(r.to_id, {r.push_id}); !forgotten)
      return from_store(forgotten.error());
  }
  return {};
}

/// Accepts `theirs`, the pending request of `to` to `from`: asking back
/// accepts.
result<friend_request_outcome>
accept_their_request(storage::adapter& db, storage::id_generator& ids,
                     std::int64_t now_ms, protocol::user_id from,
                     const std::string& from_name, protocol::user_id to,
                     const storage::friend_request_record& theirs) {
  auto made = db.friendship_create(from, to, now_ms);
  auto dropped = db.friend_request_delete(theirs.request_id);
  if (!made || !dropped)
    return from_store(!made ? made.error() : dropped.error());
  auto push = store_friend_update(db, ids, now_ms, to, from_name,
                                  protocol::friend_change::accepted);
  if (!push)
    return push.error();
  friend_request_outcome out;
  out.other = to;
  out.request_id = theirs.request_id;
  out.accepted = true;
  out.push = std::move(*push);
  return out;
}

} // namespace

result<friend_request_outcome>
request_friend(storage::adapter& db, storage::id_generator& ids,
               std::int64_t now_ms, protocol::user_id from,
               const std::string& from_name, const std::string& to_name,
               const std::string& note, std::size_t max_pending) {
  auto target = db.user_by_name(to_name);
  if (!target)
    return from_store(target.error(), error_code::no_such_user);
  auto to = target->uid;
  if (to == from)
    return error_code::cannot_friend_self;
  auto friends = db.friendship_exists(from, to);
  if (!friends)
    return from_store(friends.error());
  if (*friends)
    return error_code::already_friends;
  auto mine = db.friend_request_between(from, to);
  if (mine)
    return error_code::already_requested;
  if (mine.error() != storage::errc::not_found)
    return from_store(mine.error());
  auto theirs = db.friend_request_between(to, from);
  if (theirs)
    return accept_their_request(db, ids, now_ms, from, from_name, to, *theirs);
  if (theirs.error() != storage::errc::not_found)
    return from_store(theirs.error());
  friend_request_outcome out;
  out.other = to;
  out.push.push_id = ids.next();
  auto request_id
    = db.friend_request_create(from, to, note, now_ms, out.push.push_id);
  if (!request_id)
    return from_store(request_id.error(), error_code::internal,
                      error_code::already_requested);
  out.request_id = *request_id;
  out.push.payload = protocol::encode_friend_request_push(
    out.push.push_id, out.request_id, from_name, note, now_ms);
  if (auto stored = db.push_store(to, out.push); !stored)
    return from_store(stored.error());
  // The new request is the newest on both sides: past the bound, the
  // oldest pending ones give way to it.
  for (auto [uid, side] : {std::pair{to, storage::request_side::incoming},
                           std::pair{from, storage::request_side::outgoing}})
    if (auto expired = expire_requests_beyond(db, uid, side, max_pending);
        !expired)
      return expired.error();
  return out;
}

result<friend_change_outcome>
respond_to_friend(storage::adapter& db, storage::id_generator& ids,
                  std::int64_t now_ms, protocol::user_id me,
                  const std::string& my_name, std::int64_t request_id,
                  bool accept) {
  auto request = db.friend_request_by_id(request_id);
  if (!request)
    return from_store(request.error(), error_code::no_such_request);
  if (request->to_id != me)
    return error_code::no_such_request;
  if (auto dropped = db.friend_request_delete(request_id); !dropped)
    return from_store(dropped.error());
  if (accept)
    if (auto made = db.friendship_create(me, request->from_id, now_ms); !made)
      return from_store(made.error());
  auto change = accept ? protocol::friend_change::accepted
                       : protocol::friend_change::rejected;
  auto push
    = store_friend_update(db, ids, now_ms, request->from_id, my_name, change);
  if (!push)
    return push.error();
  return friend_change_outcome{request->from_id, std::move(*push)};
}

result<friend_change_outcome>
remove_friend(storage::adapter& db, storage::id_generator& ids,
              std::int64_t now_ms, protocol::user_id me,
              const std::string& my_name, const std::string& other_name) {
  auto other = db.user_by_name(other_name);
  if (!other)
    return from_store(other.error(), error_code::not_friends);
  if (auto removed = db.friendship_delete(me, other->uid); !removed)
    return from_store(removed.error(), error_code::not_friends);
  auto push = store_friend_update(db, ids, now_ms, other->uid, my_name,
                                  protocol::friend_change::removed);
  if (!push)
    return push.error();
  return friend_change_outcome{other->uid, std::move(*push)};
}

result<admin_befriended> befriend_now(storage::adapter& db,
                                      storage::id_generator& ids,
                                      std::int64_t now_ms,
                                      const std::string& a_name,
                                      const std::string& b_name) {
  auto a = db.user_by_name(a_name);
  auto b = db.user_by_name(b_name);
  if (!a || !b)
    return from_store(!a ? a.error() : b.error(), error_code::no_such_user);
  admin_befriended out;
  out.a = a->uid;
  out.b = b->uid;
  auto already = db.friendship_exists(out.a, out.b);
  if (!already)
    return from_store(already.error());
  if (*already || out.a == out.b)
    return out;
  for (auto [from, to] : {std::pair{out.a, out.b}, {out.b, out.a}}) {
    auto pending = db.friend_request_between(from, to);
    if (pending) {
      if (auto dropped = db.friend_request_delete(pending->request_id);
          !dropped)
        return from_store(dropped.error());
    } else if (pending.error() != storage::errc::not_found) {
      return from_store(pending.error());
    }
  }
  if (auto made = db.friendship_create(out.a, out.b, now_ms); !made)
    return from_store(made.error());
  // Each hears that the other accepted.
  auto to_a = store_friend_update(db, ids, now_ms, out.a, b->username,
                                  protocol::friend_change::accepted);
  auto to_b = store_friend_update(db, ids, now_ms, out.b, a->username,
                                  protocol::friend_change::accepted);
  if (!to_a || !to_b)
    return !to_a ? to_a.error() : to_b.error();
  out.made = true;
  out.to_a = std::move(*to_a);
  out.to_b = std::move(*to_b);
  return out;
}

result<std::vector<storage::friend_record>> list_friends(storage::adapter& db,
                                                         protocol::user_id uid,
                                                         std::size_t offset,
                                                         std::size_t limit) {
  auto friends = db.friends_of(uid, offset, limit);
  if (!friends)
    return from_store(friends.error());
  return std::move(*friends);
}

result<std::vector<storage::friend_request_record>>
list_friend_requests(storage::adapter& db, protocol::user_id uid) {
  auto requests = db.friend_requests_of(uid);
  if (!requests)
    return from_store(requests.error());
  return std::move(*requests);
}

} // namespace troupe::domain
