#include "cluster/tls_check.hpp"

#include <cstring>
#include <memory>
#include <utility>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace troupe::cluster {

namespace {

template <class T, void (*Free)(T*)>
struct openssl_deleter {
  void operator()(T* x) const { Free(x); }
};

using ssl_ctx_ptr
  = std::unique_ptr<SSL_CTX, openssl_deleter<SSL_CTX, SSL_CTX_free>>;
using bio_ptr = std::unique_ptr<BIO, openssl_deleter<BIO, BIO_free_all>>;
using pkey_ptr
  = std::unique_ptr<EVP_PKEY, openssl_deleter<EVP_PKEY, EVP_PKEY_free>>;
using verify_ptr
  = std::unique_ptr<X509_STORE_CTX,
                    openssl_deleter<X509_STORE_CTX, X509_STORE_CTX_free>>;

/// Returns why libssl's latest call failed (the first error it queued, the
/// cause; those after it only say where it passed through), and clears the
/// queue.
std::string ssl_error() {
  auto err = ERR_get_error();
  ERR_clear_error();
  if (err == 0)
    return "no detail from OpenSSL";
  if (auto* reason = ERR_reason_error_string(err))
    return reason;
  char buf[256];
  ERR_error_string_n(err, buf, sizeof(buf));
  return buf;
}

/// Gives libssl the passphrase as libcaf_openssl does. With none it gives
/// none, where libssl's default would ask the terminal.
int give_passphrase(char* buf, int size, int, void* passphrase) {
  auto& text = *static_cast<const std::string*>(passphrase);
  if (text.empty() || size <= 0)
    return 0;
  std::strncpy(buf, text.c_str(), static_cast<std::size_t>(size));
  buf[size - 1] = '\0';
  return static_cast<int>(std::strlen(buf));
}

std::string quoted(const std::string& path) {
  return "'" + path + "'";
}

/// Returns the key in `files.key`, decrypted; null when it cannot.
pkey_ptr read_key(const tls_files& files) {
  bio_ptr in{BIO_new_file(files.key.c_str(), "r")};
  if (!in)
    return nullptr;
  auto passphrase = files.passphrase;
  return pkey_ptr{
    PEM_read_bio_PrivateKey(in.get(), nullptr, give_passphrase, &passphrase)};
}

/// Returns why the CA in `ctx`'s store does not vouch for `ctx`'s
/// certificate as `purpose` (X509_PURPOSE_SSL_CLIENT or _SERVER); empty
/// when it does.
std::string verify_own_certificate(SSL_CTX* ctx, int purpose) {
  verify_ptr verify{X509_STORE_CTX_new()};
  STACK_OF(X509)* chain = nullptr;
  SSL_CTX_get0_chain_certs(ctx, &chain);
  if (!verify
      || X509_STORE_CTX_init(verify.get(), SSL_CTX_get_cert_store(ctx),
                             SSL_CTX_get0_certificate(ctx), chain)
           != 1
      || X509_STORE_CTX_set_purpose(verify.get(), purpose) != 1)
    return ssl_error();
  if (X509_verify_cert(verify.get()) == 1)
    return {};
  return X509_verify_cert_error_string(X509_STORE_CTX_get_error(verify.get()));
}

std::string check(const tls_files& files, SSL_CTX* ctx) {
  if (SSL_CTX_use_certificate_chain_file(ctx, files.certificate.c_str()) != 1)
    return "cluster.tls_certificate: cannot read a certificate from "
           + quoted(files.certificate) + ": " + ssl_error();
  auto key = read_key(files);
  if (!key)
    return "cluster.tls_key: cannot read a private key from "
           + quoted(files.key)
           + (files.passphrase.empty()
                ? " (if it is encrypted, set cluster.tls_passphrase)"
                : " with cluster.tls_passphrase (is it the right one?)")
           + ": " + ssl_error();
  if (X509_check_private_key(SSL_CTX_get0_certificate(ctx), key.get()) != 1)
    return "cluster.tls_key: " + quoted(files.key)
           + " is not the key of cluster.tls_certificate "
           + quoted(files.certificate) + ": " + ssl_error();
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1)
    return "cluster.tls_key: cannot use the key in " + quoted(files.key) + ": "
           + ssl_error();
  if (SSL_CTX_load_verify_locations(ctx, files.ca.c_str(), nullptr) != 1)
    return "cluster.tls_ca: cannot read CA certificates from "
           + quoted(files.ca) + ": " + ssl_error();
  // A node is the server of the links it accepts and the client of those
  // it dials: its peers check its certificate as both.
  for (auto [purpose, role] : {std::pair{X509_PURPOSE_SSL_SERVER, "server"},
                               std::pair{X509_PURPOSE_SSL_CLIENT, "client"}})
    if (auto why = verify_own_certificate(ctx, purpose); !why.empty())
      return "cluster.tls_certificate: " + quoted(files.certificate)
             + " does not verify against cluster.tls_ca " + quoted(files.ca)
             + " as a TLS " + role + " certificate: " + why;
  return {};
}

} // namespace

std::string check_tls_files(const tls_files& files) {
  ERR_clear_error();
  ssl_ctx_ptr ctx{SSL_CTX_new(TLS_method())};
  if (!ctx)
    return "cannot set up OpenSSL to check cluster.tls_*: " + ssl_error();
  auto problem = check(files, ctx.get());
  ERR_clear_error();
  return problem;
}

} // namespace troupe::cluster
