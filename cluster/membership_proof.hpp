#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// How two nodes prove to each other, before either hands the other any
// actor, that both were given the cluster's secret (`auth.secret`). Each
// proof is an HMAC over both nodes' identities and both sides' fresh
// nonces, so it is good for one handshake between those two only.

namespace troupe::cluster {

/// Who a node is in the cluster: its number and this run's incarnation.
struct node_identity {
  std::uint32_t node = 0;
  std::int64_t incarnation = 0;
};

/// The side of the handshake a proof comes from: the two are keyed apart,
/// so one side's proof is never the other's.
enum class handshake_side { dialer, listener };

/// Returns `from`'s proof to `to`, in hex.
std::string membership_proof(std::string_view secret, handshake_side side,
                             const node_identity& from, const node_identity& to,
                             std::string_view dialer_nonce,
                             std::string_view listener_nonce);

/// Whether `given` is `expected`, in time that does not depend on where
/// they differ.
bool proof_matches(std::string_view expected, std::string_view given);

/// Returns a fresh random nonce, in hex.
std::string fresh_nonce();

} // namespace troupe::cluster
