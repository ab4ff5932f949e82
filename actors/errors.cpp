#include "actors/errors.hpp"

#include <caf/atom.hpp>
#include <caf/exit_reason.hpp>
#include <caf/sec.hpp>

namespace troupe::actors {

std::string to_string(supervisor_errc code) {
  switch (code) {
    case supervisor_errc::gave_up: return "gave_up";
  }
  return "unknown";
}

caf::error to_error(const domain::failure& why) {
  if (why.is_store_fault())
    return caf::make_error(why.store_fault());
  if (why.is_superseded())
    return caf::make_error(domain::claim_errc::superseded);
  return caf::make_error(why.code());
}

protocol::error_code to_protocol_error(const caf::error& err) {
  using protocol::error_code;
  if (err.category() == caf::atom("troupe"))
    return static_cast<error_code>(err.code());
  if (err.category() == caf::atom("storage"))
    return domain::protocol_code(static_cast<storage::errc>(err.code()));
  if (err.category() == caf::atom("claim"))
    return error_code::unavailable; // nothing written: the client retries
  if (err == caf::sec::request_receiver_down
      || err == caf::sec::request_timeout)
    return error_code::unavailable;
  return error_code::internal;
}

std::string client_message(const caf::error& err) {
  if (err.category() == caf::atom("troupe")
      && err.context().match_elements<std::string>())
    return err.context().get_as<std::string>(0);
  return {};
}

std::string describe(const caf::error& err) {
  if (err.category() == caf::atom("troupe"))
    return std::string{
      protocol::to_string(static_cast<protocol::error_code>(err.code()))};
  if (err.category() == caf::atom("storage"))
    return std::string{
      storage::to_string(static_cast<storage::errc>(err.code()))};
  if (err.category() == caf::atom("claim"))
    return std::string{
      domain::to_string(static_cast<domain::claim_errc>(err.code()))};
  if (err.category() == caf::atom("supervisor"))
    return to_string(static_cast<supervisor_errc>(err.code()));
  return caf::to_string(err);
}

} // namespace troupe::actors
