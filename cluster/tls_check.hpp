#pragma once

#include <string>

namespace troupe::cluster {

/// The files of a node's TLS links to its peers (`cluster.tls_*`).
struct tls_files {
  /// PEM: the node's certificate, then any intermediate CA certificates.
  std::string certificate;
  /// PEM: the certificate's private key, encrypted or not.
  std::string key;
  /// Decrypts `key`; empty when it is not encrypted.
  std::string passphrase;
  /// PEM: the CA certificates a peer's certificate must chain to.
  std::string ca;
};

/// Reads `files` as libcaf_openssl reads them for every new link, and
/// checks that the key is the certificate's and that the CA signed the
/// certificate for both ends of a link (client and server). Returns what is
/// wrong, naming the option; empty when a link can use them.
///
/// libcaf_openssl reads the files only when a link opens: a fault there
/// ends the accepting node (std::terminate) or leaves the dialer hanging,
/// hence this check before the node starts.
std::string check_tls_files(const tls_files& files);

} // namespace troupe::cluster
