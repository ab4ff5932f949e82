#include "domain/group_claims.hpp"

#include <utility>

namespace troupe::domain {

using protocol::error_code;

result<claimed_group> claim_group(storage::adapter& db,
                                  storage::id_generator& ids,
                                  std::int64_t group_id,
                                  const group_host& host) {
  // The claim first: it waits for a write of the previous holder that is
  // under way, so what is read next includes it.
  auto claim = db.group_claim(group_id, host);
  if (!claim)
    return from_store(claim.error(), error_code::no_such_group);
  auto largest = db.group_largest_id(group_id);
  if (!largest)
    return from_store(largest.error());
  ids.advance_past(*largest);
  auto loaded = load_group(db, group_id);
  if (!loaded)
    return loaded.error();
  return claimed_group{
    {group_id, claim->epoch}, std::move(claim->previous), std::move(*loaded)};
}

result<void> check_claim(storage::adapter& db, const group_claim& claim) {
  auto epoch = db.group_owner_epoch(claim.group_id);
  if (!epoch)
    return from_store(epoch.error(), error_code::no_such_group);
  if (*epoch != claim.epoch)
    return failure{claim_errc::superseded};
  return {};
}

bool takes_over(const std::optional<group_host>& previous,
                const group_host& self) {
  return previous && *previous != self;
}

} // namespace troupe::domain
