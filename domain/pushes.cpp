#include "domain/pushes.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include "domain/message_views.hpp"
#include "protocol/encoder.hpp"

namespace troupe::domain {

using protocol::error_code;

result<system_pushed> store_system_message(storage::adapter& db,
                                           storage::id_generator& ids,
                                           std::int64_t now_ms,
                                           const std::string& username,
                                           const std::string& body) {
  auto user = db.user_by_name(username);
  if (!user)
    return from_store(user.error(), error_code::no_such_user);
  system_pushed out;
  out.uid = user->uid;
  out.push.push_id = ids.next();
  out.push.payload
    = protocol::encode_system_push(out.push.push_id, body, now_ms);
  if (auto stored = db.push_store(out.uid, out.push); !stored)
    return from_store(stored.error());
  return out;
}

result<std::vector<storage::stored_push>> load_pushes(storage::adapter& db,
                                                      protocol::user_id uid,
                                                      std::int64_t after,
                                                      std::size_t limit) {
  auto own = db.pushes_after(uid, after, limit);
  if (!own)
    return from_store(own.error());
  auto events = db.group_events_pending(uid, after, limit);
  if (!events)
    return from_store(events.error());
  auto messages = db.group_messages_pending(uid, after, limit);
  if (!messages)
    return from_store(messages.error());
  // Each list holds the first `limit` of its kind after `after`, so the
  // first `limit` of their merge are the first overall.
  std::vector<storage::stored_push> group_items;
  group_items.reserve(messages->size());
  for (auto& m : *messages)
    group_items.push_back(push_of(m));
  auto by_id
    = [](const storage::stored_push& a, const storage::stored_push& b) {
        return a.push_id < b.push_id;
      };
  std::vector<storage::stored_push> groups_merged;
  std::merge(std::make_move_iterator(events->begin()),
             std::make_move_iterator(events->end()),
             std::make_move_iterator(group_items.begin()),
             std::make_move_iterator(group_items.end()),
             std::back_inserter(groups_merged), by_id);
  std::vector<storage::stored_push> page;
  std::merge(std::make_move_iterator(own->begin()),
             std::make_move_iterator(own->end()),
             std::make_move_iterator(groups_merged.begin()),
             std::make_move_iterator(groups_merged.end()),
             std::back_inserter(page), by_id);
  if (page.size() > limit)
    page.resize(limit);
  return page;
}

result<void>
forget_pushes(storage::adapter& db, protocol::user_id uid,
              const std::vector<std::int64_t>& push_ids,
              const std::map<std::int64_t, std::int64_t>& positions) {
  if (!push_ids.empty())
    if (auto forgotten = db.push_delete(uid, push_ids); !forgotten)
      return from_store(forgotten.error());
  for (auto [group_id, upto] : positions)
    if (auto moved = db.group_member_delivered(group_id, uid, upto); !moved)
      return from_store(moved.error());
  return {};
}

} // namespace troupe::domain
