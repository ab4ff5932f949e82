#include "protocol/password.hpp"

#include <new>
#include <stdexcept>

#include <sodium.h>

namespace troupe::protocol {

namespace {

struct cost_limits {
  unsigned long long ops;
  size_t mem;
};

cost_limits limits_of(hash_cost cost) {
  switch (cost) {
    case hash_cost::minimal:
      return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
    case hash_cost::interactive:
      return {crypto_pwhash_OPSLIMIT_INTERACTIVE,
              crypto_pwhash_MEMLIMIT_INTERACTIVE};
    case hash_cost::moderate:
      return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
    case hash_cost::sensitive:
      return {crypto_pwhash_OPSLIMIT_SENSITIVE,
              crypto_pwhash_MEMLIMIT_SENSITIVE};
  }
  throw std::invalid_argument("unknown hash cost");
}

} // namespace

std::optional<hash_cost> hash_cost_from_string(std::string_view name) {
  if (name == "minimal")
    return hash_cost::minimal;
  if (name == "interactive")
    return hash_cost::interactive;
  if (name == "moderate")
    return hash_cost::moderate;
  if (name == "sensitive")
    return hash_cost::sensitive;
  return std::nullopt;
}

std::string hash_password(std::string_view password, hash_cost cost) {
  if (sodium_init() < 0)
    throw std::runtime_error("libsodium failed to initialise");
  auto [ops, mem] = limits_of(cost);
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13)
      != 0)
    throw std::bad_alloc();
  return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(),
                                  password.size())
         == 0;
}

} // namespace troupe::protocol
