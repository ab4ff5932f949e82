// libcaf_openssl 0.17.6 leaves libssl's error queue full after a TLS call
// fails (it drains it only in log statements, and Debian builds CAF without
// logging). The queue belongs to the thread, and one thread (CAF's
// multiplexer) runs every link of the node: the next call on any other link
// that merely has to wait for data then reads the stale error as its own
// (SSL_get_error says SSL_ERROR_SSL), and CAF closes that healthy link. So a
// peer with a certificate of another CA, a node without TLS, or a bare TCP
// probe of `cluster.port` cut the node's working links.
//
// OpenSSL requires an empty queue before each TLS I/O call, as newer CAF
// (libcaf_net) does. These definitions, in the executable, come before
// libssl's in the dynamic linker's search order, so libcaf_openssl's calls
// reach them: each clears the queue, then calls libssl's own.

#include <dlfcn.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace {

/// Returns libssl's `name`, the definition after this executable's.
template <class Function>
Function* libssl_function(const char* name, Function*) {
  return reinterpret_cast<Function*>(dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" {

int SSL_connect(SSL* ssl) {
  static auto* next = libssl_function("SSL_connect", &SSL_connect);
  ERR_clear_error();
  return next(ssl);
}

int SSL_accept(SSL* ssl) {
  static auto* next = libssl_function("SSL_accept", &SSL_accept);
  ERR_clear_error();
  return next(ssl);
}

int SSL_read(SSL* ssl, void* buf, int num) {
  static auto* next = libssl_function("SSL_read", &SSL_read);
  ERR_clear_error();
  return next(ssl, buf, num);
}

int SSL_write(SSL* ssl, const void* buf, int num) {
  static auto* next = libssl_function("SSL_write", &SSL_write);
  ERR_clear_error();
  return next(ssl, buf, num);
}

} // extern "C"
