// Who writes a group: the owner epoch of each group (`chat_groups`), which
// a group actor raises when it claims the group and checks in every write
// transaction, so that only the latest claimer's writes commit.

#include <algorithm>
#include <string>

#include <soci/soci.h>

#include "storage/soci_adapter.hpp"
#include "storage/soci_guarded.hpp"

namespace troupe::storage {

namespace {

/// Returns `select` locking the rows it reads until the transaction ends:
/// `FOR UPDATE` on MariaDB; SQLite's write transaction holds the whole
/// database already (`BEGIN IMMEDIATE`).
std::string locking(std::string select, bool sqlite) {
  return sqlite ? select : select + " FOR UPDATE";
}

} // namespace

result<group_claim_record> soci_adapter::group_claim(std::int64_t group_id,
                                                     const group_host& host) {
  return guarded<group_claim_record>([&](soci::session& sql) {
    long long epoch = 0;
    int node = 0;
    long long incarnation = 0;
    soci::indicator node_ind = soci::i_null;
    sql << locking("SELECT owner_epoch, owner_node, owner_incarnation"
                   " FROM chat_groups WHERE group_id = :g",
                   on_sqlite()),
      soci::into(epoch), soci::into(node, node_ind), soci::into(incarnation),
      soci::use(group_id);
    if (!sql.got_data())
      return result<group_claim_record>{errc::not_found};
    group_claim_record claim;
    claim.epoch = epoch + 1;
    if (node_ind == soci::i_ok)
      claim.previous
        = group_host{static_cast<std::uint32_t>(node), incarnation};
    long long new_epoch = claim.epoch;
    int new_node = static_cast<int>(host.node);
    long long new_incarnation = host.incarnation;
    sql << "UPDATE chat_groups SET owner_epoch = :e, owner_node = :n,"
           " owner_incarnation = :i WHERE group_id = :g",
      soci::use(new_epoch), soci::use(new_node), soci::use(new_incarnation),
      soci::use(group_id);
    if (in_transaction_)
      owner_epochs_[group_id] = claim.epoch;
    return result<group_claim_record>{std::move(claim)};
  });
}

result<std::int64_t> soci_adapter::group_owner_epoch(std::int64_t group_id) {
  if (in_transaction_)
    if (auto known = owner_epochs_.find(group_id); known != owner_epochs_.end())
      return known->second;
  return guarded<std::int64_t>([&](soci::session& sql) {
    long long epoch = 0;
    sql << locking("SELECT owner_epoch FROM chat_groups WHERE group_id = :g",
                   on_sqlite()),
      soci::into(epoch), soci::use(group_id);
    if (!sql.got_data())
      return result<std::int64_t>{errc::not_found};
    if (in_transaction_)
      owner_epochs_[group_id] = epoch;
    return result<std::int64_t>{epoch};
  });
}

result<std::int64_t> soci_adapter::group_largest_id(std::int64_t group_id) {
  return guarded_reading_held<std::int64_t>([&](soci::session& sql) {
    long long largest_message = 0;
    long long largest_event = 0;
    soci::indicator message_ind = soci::i_null;
    soci::indicator event_ind = soci::i_null;
    sql << "SELECT MAX(msg_id) FROM messages WHERE group_id = :g",
      soci::into(largest_message, message_ind), soci::use(group_id);
    sql << "SELECT MAX(event_id) FROM group_events WHERE group_id = :g",
      soci::into(largest_event, event_ind), soci::use(group_id);
    return result<std::int64_t>{
      std::max(message_ind == soci::i_ok ? largest_message : 0,
               event_ind == soci::i_ok ? largest_event : 0)};
  });
}

} // namespace troupe::storage
