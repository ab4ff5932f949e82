#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>

#include <caf/meta/type_name.hpp>

#include "actors/serialization.hpp"
#include "protocol/ids.hpp"
#include "protocol/requests.hpp"

namespace troupe::actors {

namespace detail {

template <class T, class Variant>
constexpr bool is_alternative = false;

template <class T, class... Alternatives>
constexpr bool is_alternative<
  T, std::variant<Alternatives...>> = (std::is_same_v<T, Alternatives> || ...);

} // namespace detail

/// A command about one group, on its way from a session to the group's
/// actor, which answers it with the reply frame (or a protocol error).
struct group_request {
  using command = std::variant<
    protocol::group_add_command, protocol::group_kick_command,
    protocol::group_leave_command, protocol::group_set_role_command,
    protocol::group_set_state_command, protocol::group_send_command,
    protocol::group_members_command, protocol::history_command>;

  /// Who asks.
  protocol::user_id uid = 0;
  std::string username;
  /// The client's request id: the reply's id, and what makes a
  /// `group_send` idempotent.
  std::string request_id;
  command body;

  /// Whether `Command` is one of those a group actor takes.
  template <class Command>
  static constexpr bool carries = detail::is_alternative<Command, command>;

  /// Returns the group the command is about.
  std::int64_t group_id() const {
    return std::visit([](auto& cmd) { return id_of(cmd.group_id); }, body);
  }

 private:
  static std::int64_t id_of(std::int64_t group_id) { return group_id; }

  static std::int64_t id_of(const std::optional<std::int64_t>& group_id) {
    return group_id.value_or(0);
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, group_request& x) {
  return f(caf::meta::type_name("group_request"), x.uid, x.username,
           x.request_id, wire::variant_value{x.body});
}

} // namespace troupe::actors
