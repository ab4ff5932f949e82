#pragma once

#include <cstdint>
#include <string>

#include <caf/error.hpp>
#include <caf/make_message.hpp>
#include <caf/message.hpp>

#include "domain/failure.hpp"
#include "protocol/error_code.hpp"
#include "storage/result.hpp"

namespace troupe::actors {

/// Why the supervisor stopped.
enum class supervisor_errc : std::uint8_t {
  /// Children failed more often than the restart intensity allows.
  gave_up = 1,
};

std::string to_string(supervisor_errc code);

/// Returns `why` as the error the actors pass on: a refusal as its protocol
/// code, a fault of the store as a storage error (the persistence worker
/// rolls back or reruns on those), a superseded claim as itself (its group
/// actor steps down).
caf::error to_error(const domain::failure& why);

/// Returns the protocol error to answer for `err`: protocol errors pass
/// through; storage errors as `domain::protocol_code` maps them; a
/// superseded claim, a dead or silent actor mean `unavailable`.
protocol::error_code to_protocol_error(const caf::error& err);

/// Returns the text for the client that `err` was made with
/// (`caf::make_error(code, std::string{...})`), or empty for none: the
/// code's default text is answered then.
std::string client_message(const caf::error& err);

/// Returns `err` as the human text logs show.
std::string describe(const caf::error& err);

} // namespace troupe::actors

CAF_ERROR_CODE_ENUM(troupe::protocol::error_code, "troupe")
CAF_ERROR_CODE_ENUM(troupe::storage::errc, "storage")
CAF_ERROR_CODE_ENUM(troupe::domain::claim_errc, "claim")
CAF_ERROR_CODE_ENUM(troupe::actors::supervisor_errc, "supervisor")
