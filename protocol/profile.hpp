#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace troupe::protocol {

/// The optional profile fields of `register` and `update_profile`.
enum class profile_field : std::size_t {
  nickname,
  email,
  phone,
  avatar,
  location,
  bio,
  public_key,
};

constexpr std::size_t profile_field_count = 7;

/// Returns the wire name of `field`, e.g. "public_key".
std::string_view to_string(profile_field field);

/// Returns whether only the user may read `field` of their own profile.
constexpr bool is_private(profile_field field) {
  return field == profile_field::phone;
}

/// A user's profile: every field, empty when never set.
struct profile {
  std::array<std::string, profile_field_count> fields;

  std::string& operator[](profile_field f) {
    return fields[static_cast<std::size_t>(f)];
  }

  const std::string& operator[](profile_field f) const {
    return fields[static_cast<std::size_t>(f)];
  }
};

/// The fields a request sets; unset fields keep their stored value.
struct profile_update {
  std::array<std::optional<std::string>, profile_field_count> fields;

  std::optional<std::string>& operator[](profile_field f) {
    return fields[static_cast<std::size_t>(f)];
  }

  const std::optional<std::string>& operator[](profile_field f) const {
    return fields[static_cast<std::size_t>(f)];
  }

  /// Returns whether the update sets no field.
  bool empty() const {
    for (auto& f : fields)
      if (f)
        return false;
    return true;
  }
};

/// Calls `fun(field)` for every profile field in declaration order.
template <class F>
void for_each_profile_field(F&& fun) {
  for (std::size_t i = 0; i < profile_field_count; ++i)
    fun(static_cast<profile_field>(i));
}

} // namespace troupe::protocol
