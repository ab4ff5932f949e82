#include "protocol/admin.hpp"

#include <array>

#include <sodium.h>

#include "protocol/param_reader.hpp"

namespace troupe::protocol {

namespace {

/// Reads `Body` out of `json_body` with `read`, or says why it cannot.
template <class Body, class Read>
std::variant<Body, decode_error> decode(std::string_view json_body,
                                        const limits& lim, Read read) {
  auto parsed = parse_object(json_body);
  if (auto* err = std::get_if<decode_error>(&parsed))
    return std::move(*err);
  param_reader in{std::get<nlohmann::json>(parsed), lim};
  Body out = read(in);
  if (in.failed())
    return in.take_error();
  return out;
}

std::array<unsigned char, crypto_generichash_BYTES>
digest(std::string_view text) {
  std::array<unsigned char, crypto_generichash_BYTES> out{};
  crypto_generichash(out.data(), out.size(),
                     reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  return out;
}

} // namespace

std::variant<admin_system_message, decode_error>
decode_admin_system_message(std::string_view json_body, const limits& lim) {
  return decode<admin_system_message>(json_body, lim, [](param_reader& in) {
    admin_system_message m;
    m.username = in.required_string("username");
    m.body = in.required_string("body");
    if (!in.failed() && m.body.empty())
      in.fail(error_code::bad_request, "a system message needs a body");
    in.check_length(m.body, in.lim().max_text_chars, "body");
    return m;
  });
}

std::variant<admin_friendship, decode_error>
decode_admin_friendship(std::string_view json_body, const limits& lim) {
  return decode<admin_friendship>(json_body, lim, [](param_reader& in) {
    admin_friendship f;
    f.a = in.required_string("a");
    f.b = in.required_string("b");
    return f;
  });
}

bool admin_key_matches(std::string_view expected, std::string_view given) {
  // Digests first: equal lengths for the comparison, whatever was sent.
  auto want = digest(expected);
  auto got = digest(given);
  return !expected.empty()
         && sodium_memcmp(want.data(), got.data(), want.size()) == 0;
}

} // namespace troupe::protocol
