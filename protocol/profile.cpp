#include "protocol/profile.hpp"

namespace troupe::protocol {

std::string_view to_string(profile_field field) {
  static constexpr std::array<std::string_view, profile_field_count> names{
    "nickname", "email", "phone", "avatar", "location", "bio", "public_key"};
  return names[static_cast<std::size_t>(field)];
}

} // namespace troupe::protocol
