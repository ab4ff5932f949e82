#include "cluster/membership_proof.hpp"

#include <array>

#include <sodium.h>

#include "protocol/token.hpp"

namespace troupe::cluster {

namespace {

using key = std::array<unsigned char, crypto_auth_hmacsha256_KEYBYTES>;

/// The HMAC key: the secret, hashed apart from the other uses of it
/// (tokens are signed with it too).
key key_of(std::string_view secret) {
  static constexpr std::string_view context = "troupe cluster membership v1";
  key out{};
  crypto_generichash(
    out.data(), out.size(),
    reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
    reinterpret_cast<const unsigned char*>(context.data()), context.size());
  return out;
}

std::string hex(const unsigned char* bytes, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

} // namespace

std::string membership_proof(std::string_view secret, handshake_side side,
                             const node_identity& from, const node_identity& to,
                             std::string_view dialer_nonce,
                             std::string_view listener_nonce) {
  auto text
    = std::string{side == handshake_side::dialer ? "dialer" : "listener"} + "|"
      + std::to_string(from.node) + "." + std::to_string(from.incarnation) + "|"
      + std::to_string(to.node) + "." + std::to_string(to.incarnation) + "|"
      + std::string{dialer_nonce} + "|" + std::string{listener_nonce};
  auto k = key_of(secret);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256(mac.data(),
                         reinterpret_cast<const unsigned char*>(text.data()),
                         text.size(), k.data());
  return hex(mac.data(), mac.size());
}

bool proof_matches(std::string_view expected, std::string_view given) {
  return expected.size() == given.size() && !expected.empty()
         && sodium_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

std::string fresh_nonce() {
  return protocol::random_hex(16);
}

} // namespace troupe::cluster
