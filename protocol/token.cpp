#include "protocol/token.hpp"

#include <charconv>
#include <stdexcept>
#include <vector>

#include <sodium.h>

#include "protocol/text.hpp"

namespace troupe::protocol {

namespace {

constexpr std::string_view payload_version = "v1";

// Bounds a token before any decoding work: payload fields are short.
constexpr std::size_t max_token_size = 256;

void init_sodium() {
  // Idempotent and thread-safe; fails only when no entropy source exists.
  if (sodium_init() < 0)
    throw std::runtime_error("libsodium failed to initialise");
}

std::string to_base64url(std::string_view bytes) {
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.size() - 1); // drop the terminating NUL
  return out;
}

std::optional<std::string> from_base64url(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()),
                        out.size(), text.data(), text.size(), nullptr, &len,
                        nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING)
      != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  for (;;) {
    auto pos = text.find(sep);
    parts.push_back(text.substr(0, pos));
    if (pos == std::string_view::npos)
      return parts;
    text.remove_prefix(pos + 1);
  }
}

std::optional<std::int64_t> parse_positive(std::string_view digits) {
  std::int64_t value = 0;
  auto [end, ec]
    = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size() || value <= 0)
    return std::nullopt;
  return value;
}

std::int64_t to_ms(token_signer::clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           t.time_since_epoch())
    .count();
}

} // namespace

std::string random_hex(std::size_t n) {
  init_sodium();
  std::string bytes(n, '\0');
  randombytes_buf(bytes.data(), n);
  std::string hex(2 * n + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(),
                 reinterpret_cast<const unsigned char*>(bytes.data()), n);
  hex.pop_back();
  return hex;
}

token_signer::token_signer(std::string secret) : secret_(std::move(secret)) {
  init_sodium();
  if (secret_.empty())
    throw std::invalid_argument("token secret must not be empty");
}

std::string token_signer::issue(const token_claims& claims,
                                clock::time_point expiry) const {
  std::string payload{payload_version};
  payload += ':';
  payload += std::to_string(claims.uid);
  payload += ':';
  payload += claims.username;
  payload += ':';
  payload += std::to_string(to_ms(expiry));
  payload += ':';
  payload += random_hex(8);
  return to_base64url(payload) + '.' + to_base64url(mac(payload));
}

std::optional<token_claims> token_signer::verify(std::string_view token,
                                                 clock::time_point now) const {
  if (token.size() > max_token_size)
    return std::nullopt;
  auto dot = token.find('.');
  if (dot == std::string_view::npos)
    return std::nullopt;
  auto payload = from_base64url(token.substr(0, dot));
  auto given_mac = from_base64url(token.substr(dot + 1));
  if (!payload || !given_mac
      || given_mac->size() != crypto_auth_hmacsha256_BYTES)
    return std::nullopt;
  auto expected_mac = mac(*payload);
  if (sodium_memcmp(expected_mac.data(), given_mac->data(),
                    crypto_auth_hmacsha256_BYTES)
      != 0)
    return std::nullopt;
  // The MAC is ours, so the payload is well formed unless the format changed.
  auto fields = split(*payload, ':');
  if (fields.size() != 5 || fields[0] != payload_version)
    return std::nullopt;
  auto uid = parse_positive(fields[1]);
  auto expiry_ms = parse_positive(fields[3]);
  if (!uid || !expiry_ms || !is_valid_username(fields[2])
      || *expiry_ms <= to_ms(now))
    return std::nullopt;
  return token_claims{*uid, std::string{fields[2]}};
}

std::string token_signer::mac(std::string_view payload) const {
  std::string out(crypto_auth_hmacsha256_BYTES, '\0');
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(
    &state, reinterpret_cast<const unsigned char*>(secret_.data()),
    secret_.size());
  crypto_auth_hmacsha256_update(
    &state, reinterpret_cast<const unsigned char*>(payload.data()),
    payload.size());
  crypto_auth_hmacsha256_final(&state,
                               reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

} // namespace troupe::protocol
