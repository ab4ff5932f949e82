#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace troupe::protocol {

/// How much work argon2id spends per password (libsodium's presets).
/// `minimal` exists for tests and benchmark set-up only: it offers no
/// protection against offline guessing.
enum class hash_cost {
  minimal,
  interactive,
  moderate,
  sensitive,
};

/// Returns the cost named `name` ("minimal", "interactive", ...), if any.
std::optional<hash_cost> hash_cost_from_string(std::string_view name);

/// Returns an argon2id hash of `password` with a fresh random salt, in
/// libsodium's self-describing string format. Blocks for the whole cost:
/// call it off network and actor threads. Throws `std::bad_alloc` when the
/// memory the cost asks for is not available.
std::string hash_password(std::string_view password, hash_cost cost);

/// Returns whether `password` matches `hash`. Costs as much as hashing.
bool verify_password(const std::string& hash, std::string_view password);

} // namespace troupe::protocol
