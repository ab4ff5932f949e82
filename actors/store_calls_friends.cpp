#include "actors/store_call_support.hpp"
#include "protocol/encoder.hpp"

namespace troupe::actors::store_calls {

using namespace detail;

namespace {

/// Stores a `friend_update` push telling `to` that `by` changed their
/// friendship; returns the push, or the store's failure.
caf::expected<storage::stored_push>
store_friend_update(storage::adapter& db, storage::id_generator& ids,
                    protocol::user_id to, const std::string& by,
                    protocol::friend_change change) {
  storage::stored_push push;
  push.push_id = ids.next();
  push.payload
    = protocol::encode_friend_update_push(push.push_id, by, change, unix_ms());
  if (auto stored = db.push_store(to, push); !stored)
    return failure(stored.error());
  return push;
}

/// Withdraws the pending requests of `uid` on `side` older than the newest
/// `keep`, each with the `friend_request` push stored for its recipient:
/// nobody is told of a request that is gone.
caf::error expire_requests_beyond(storage::adapter& db, protocol::user_id uid,
                                  storage::request_side side,
                                  std::size_t keep) {
  auto expired = db.friend_requests_beyond(uid, side, keep);
  if (!expired)
    return failure(expired.error());
  for (auto& r : *expired) {
    auto dropped = db.friend_request_delete(r.request_id);
    if (!dropped)
      return failure(dropped.error());
    if (r.push_id == 0)
      continue; // stored before requests named their push
    if (auto forgotten = db.push_delete(r.to_id, {r.push_id}); !forgotten)
      return failure(forgotten.error());
  }
  return {};
}

} // namespace

storage_call request_friend(protocol::user_id from, std::string from_name,
                            std::string to_name, std::string note,
                            std::size_t max_pending, ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            auto target = db.user_by_name(to_name);
            if (!target)
              return failure(target.error(), error_code::no_such_user);
            auto to = target->uid;
            if (to == from)
              return caf::make_error(error_code::cannot_friend_self);
            auto friends = db.friendship_exists(from, to);
            if (!friends)
              return failure(friends.error());
            if (*friends)
              return caf::make_error(error_code::already_friends);
            auto mine = db.friend_request_between(from, to);
            if (mine)
              return caf::make_error(error_code::already_requested);
            if (mine.error() != storage::errc::not_found)
              return failure(mine.error());
            friend_request_outcome out;
            out.other = to;
            auto theirs = db.friend_request_between(to, from);
            if (theirs) {
              // They asked first: asking back accepts.
              auto made = db.friendship_create(from, to, unix_ms());
              auto dropped = db.friend_request_delete(theirs->request_id);
              if (!made || !dropped)
                return failure(!made ? made.error() : dropped.error());
              auto push = store_friend_update(
                db, *ids, to, from_name, protocol::friend_change::accepted);
              if (!push)
                return push.error();
              out.request_id = theirs->request_id;
              out.accepted = true;
              out.push = std::move(*push);
              return answer(std::move(out));
            }
            if (theirs.error() != storage::errc::not_found)
              return failure(theirs.error());
            auto now = unix_ms();
            out.push.push_id = ids->next();
            auto request_id
              = db.friend_request_create(from, to, note, now, out.push.push_id);
            if (!request_id)
              return failure(request_id.error(), error_code::internal,
                             error_code::already_requested);
            out.request_id = *request_id;
            out.push.payload = protocol::encode_friend_request_push(
              out.push.push_id, out.request_id, from_name, note, now);
            if (auto stored = db.push_store(to, out.push); !stored)
              return failure(stored.error());
            // The new request is the newest on both sides: past the bound,
            // the oldest pending ones give way to it.
            for (auto [uid, side] :
                 {std::pair{to, storage::request_side::incoming},
                  std::pair{from, storage::request_side::outgoing}})
              if (auto err = expire_requests_beyond(db, uid, side, max_pending))
                return err;
            return answer(std::move(out));
          }};
}

storage_call respond_to_friend(protocol::user_id me, std::string my_name,
                               std::int64_t request_id, bool accept,
                               ids_ptr ids) {
  return {
    true, [=](storage::adapter& db) -> outcome {
      auto request = db.friend_request_by_id(request_id);
      if (!request)
        return failure(request.error(), error_code::no_such_request);
      if (request->to_id != me)
        return caf::make_error(error_code::no_such_request);
      if (auto dropped = db.friend_request_delete(request_id); !dropped)
        return failure(dropped.error());
      if (accept) {
        auto made = db.friendship_create(me, request->from_id, unix_ms());
        if (!made)
          return failure(made.error());
      }
      auto change = accept ? protocol::friend_change::accepted
                           : protocol::friend_change::rejected;
      auto push
        = store_friend_update(db, *ids, request->from_id, my_name, change);
      if (!push)
        return push.error();
      return answer(friend_change_outcome{request->from_id, std::move(*push)});
    }};
}

storage_call remove_friend(protocol::user_id me, std::string my_name,
                           std::string other_name, ids_ptr ids) {
  return {true, [=](storage::adapter& db) -> outcome {
            auto other = db.user_by_name(other_name);
            if (!other)
              return failure(other.error(), error_code::not_friends);
            auto removed = db.friendship_delete(me, other->uid);
            if (!removed)
              return failure(removed.error(), error_code::not_friends);
            auto push = store_friend_update(db, *ids, other->uid, my_name,
                                            protocol::friend_change::removed);
            if (!push)
              return push.error();
            return answer(friend_change_outcome{other->uid, std::move(*push)});
          }};
}

storage_call list_friends(protocol::user_id uid, std::size_t offset,
                          std::size_t limit) {
  return {false, [=](storage::adapter& db) -> outcome {
            auto friends = db.friends_of(uid, offset, limit);
            if (!friends)
              return failure(friends.error());
            return answer(std::move(*friends));
          }};
}

storage_call list_friend_requests(protocol::user_id uid) {
  return {false, [uid](storage::adapter& db) -> outcome {
            auto requests = db.friend_requests_of(uid);
            if (!requests)
              return failure(requests.error());
            return answer(std::move(*requests));
          }};
}

storage_call befriend_now(std::string a_name, std::string b_name, ids_ptr ids) {
  return {
    true, [=](storage::adapter& db) -> outcome {
      auto a = db.user_by_name(a_name);
      auto b = db.user_by_name(b_name);
      if (!a || !b)
        return failure(!a ? a.error() : b.error(), error_code::no_such_user);
      admin_befriended out;
      out.a = a->uid;
      out.b = b->uid;
      auto already = db.friendship_exists(out.a, out.b);
      if (!already)
        return failure(already.error());
      if (*already || out.a == out.b)
        return answer(std::move(out));
      for (auto [from, to] : {std::pair{out.a, out.b}, {out.b, out.a}}) {
        auto pending = db.friend_request_between(from, to);
        if (pending) {
          if (auto dropped = db.friend_request_delete(pending->request_id);
              !dropped)
            return failure(dropped.error());
        } else if (pending.error() != storage::errc::not_found) {
          return failure(pending.error());
        }
      }
      if (auto made = db.friendship_create(out.a, out.b, unix_ms()); !made)
        return failure(made.error());
      // Each hears that the other accepted.
      auto to_a = store_friend_update(db, *ids, out.a, b->username,
                                      protocol::friend_change::accepted);
      auto to_b = store_friend_update(db, *ids, out.b, a->username,
                                      protocol::friend_change::accepted);
      if (!to_a || !to_b)
        return !to_a ? to_a.error() : to_b.error();
      out.made = true;
      out.to_a = std::move(*to_a);
      out.to_b = std::move(*to_b);
      return answer(std::move(out));
    }};
}

} // namespace troupe::actors::store_calls
