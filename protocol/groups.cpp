#include "protocol/groups.hpp"

#include <array>
#include <utility>

namespace troupe::protocol {

namespace {

constexpr std::array<std::pair<group_role, std::string_view>, 3> role_names{{
  {group_role::owner, "owner"},
  {group_role::admin, "admin"},
  {group_role::member, "member"},
}};

constexpr std::array<std::pair<group_state, std::string_view>, 4> state_names{{
  {group_state::normal, "normal"},
  {group_state::muted, "muted"},
  {group_state::admins_only, "admins_only"},
  {group_state::dissolved, "dissolved"},
}};

template <class Enum, std::size_t N>
std::string_view
name_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
        Enum value) {
  for (auto& [v, name] : names)
    if (v == value)
      return name;
  return "unknown";
}

template <class Enum, std::size_t N>
std::optional<Enum>
value_named(const std::array<std::pair<Enum, std::string_view>, N>& names,
            std::string_view name) {
  for (auto& [v, n] : names)
    if (n == name)
      return v;
  return std::nullopt;
}

} // namespace

std::string_view to_string(group_role role) {
  return name_of(role_names, role);
}

std::optional<group_role> group_role_from_string(std::string_view name) {
  return value_named(role_names, name);
}

std::string_view to_string(group_state state) {
  return name_of(state_names, state);
}

std::optional<group_state> group_state_from_string(std::string_view name) {
  return value_named(state_names, name);
}

} // namespace troupe::protocol
