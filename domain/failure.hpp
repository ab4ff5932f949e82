#pragma once

#include <cstdint>
#include <string_view>
#include <variant>

#include "protocol/error_code.hpp"
#include "storage/result.hpp"

namespace troupe::domain {

/// Returns the protocol code a storage error means to a client: a missing
/// row or a broken uniqueness rule as the codes the caller names for them,
/// a store fault as `unavailable` or `internal`. The one map from storage
/// errors to protocol codes.
constexpr protocol::error_code protocol_code(storage::errc code,
                                             protocol::error_code on_not_found
                                             = protocol::error_code::internal,
                                             protocol::error_code on_conflict
                                             = protocol::error_code::internal) {
  switch (code) {
    case storage::errc::not_found: return on_not_found;
    case storage::errc::conflict: return on_conflict;
    case storage::errc::unavailable: return protocol::error_code::unavailable;
    case storage::errc::internal: break;
  }
  return protocol::error_code::internal;
}

/// Why a group actor's write did not run though no rule refused it: another
/// actor claimed the group since this one did (domain/group_claims.hpp).
/// Nothing was written; the client hears `unavailable`, and its retry
/// reaches the group's present actor.
enum class claim_errc : std::uint8_t {
  superseded = 1,
};

constexpr std::string_view to_string(claim_errc) {
  return "superseded";
}

/// Why a domain call did not do what it was asked: a rule refused (the
/// client hears its protocol code), the store failed (`unavailable` or
/// `internal`: the persistence worker rolls back or runs the batch again,
/// so the fault must stay a fault of the store), or a group actor's claim
/// on its group was superseded (the others of the batch go on).
class failure {
 public:
  /// A rule refused with `code`.
  failure(protocol::error_code code) : why_(code) {
    // nop
  }

  /// The writer's claim on its group was superseded.
  failure(claim_errc lost) : why_(lost) {
    // nop
  }

  /// Returns whether a group actor's claim was superseded.
  bool is_superseded() const {
    return std::holds_alternative<claim_errc>(why_);
  }

  /// Returns whether the store failed (rather than a rule refusing).
  bool is_store_fault() const {
    return std::holds_alternative<storage::errc>(why_);
  }

  /// Returns the store's fault; only for `is_store_fault()`.
  storage::errc store_fault() const { return std::get<storage::errc>(why_); }

  /// Returns the code the client hears.
  protocol::error_code code() const {
    if (auto* fault = std::get_if<storage::errc>(&why_))
      return protocol_code(*fault);
    if (is_superseded())
      return protocol::error_code::unavailable;
    return std::get<protocol::error_code>(why_);
  }

 private:
  friend failure from_store(storage::errc, protocol::error_code,
                            protocol::error_code);

  explicit failure(storage::errc fault) : why_(fault) {
    // nop
  }

  std::variant<protocol::error_code, storage::errc, claim_errc> why_;
};

/// Returns what a failed storage call means to the caller: a missing row or
/// a broken uniqueness rule as a refusal with the code the caller names, a
/// fault of the store as it is.
inline failure
from_store(storage::errc code,
           protocol::error_code on_not_found = protocol::error_code::internal,
           protocol::error_code on_conflict = protocol::error_code::internal) {
  if (code == storage::errc::unavailable || code == storage::errc::internal)
    return failure{code};
  return protocol_code(code, on_not_found, on_conflict);
}

} // namespace troupe::domain
