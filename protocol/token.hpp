#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/ids.hpp"

namespace troupe::protocol {

/// Who a valid token speaks for.
struct token_claims {
  user_id uid = 0;
  std::string username;
};

/// Issues and checks the node's bearer tokens: HMAC-SHA256 with `auth.secret`
/// over user id, username, expiry and a random nonce. Every node of a cluster
/// shares the secret, so a token from one node works on all.
///
/// Format: `base64url(payload) "." base64url(mac)`, payload
/// `v1:<user_id>:<username>:<expiry_ms>:<nonce_hex>`; only URL-safe characters,
/// so it fits `/ws?token=` unescaped.
class token_signer {
 public:
  using clock = std::chrono::system_clock;

  /// Takes the shared secret; any non-empty byte string.
  explicit token_signer(std::string secret);

  /// Returns a token for `claims` that expires at `expiry`.
  std::string issue(const token_claims& claims, clock::time_point expiry) const;

  /// Returns the claims of `token` if its MAC is right (compared in constant
  /// time) and it has not expired at `now`.
  std::optional<token_claims> verify(std::string_view token,
                                     clock::time_point now) const;

 private:
  std::string mac(std::string_view payload) const;

  std::string secret_;
};

/// Returns `n` random bytes as lowercase hex, from libsodium's CSPRNG.
std::string random_hex(std::size_t n);

} // namespace troupe::protocol
