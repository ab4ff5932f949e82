#include "net/forwarded.hpp"

#include <doctest/doctest.h>

using troupe::net::client_of;
using troupe::net::remote_endpoint;

namespace {

const remote_endpoint proxy{"127.0.0.1", 40000};
const std::vector<std::string> trusted{"127.0.0.1", "10.0.0.2"};

} // namespace

TEST_CASE("client_of believes X-Forwarded-For only from a trusted proxy") {
  CHECK(client_of(proxy, "203.0.113.7", trusted).address == "203.0.113.7");
  remote_endpoint stranger{"198.51.100.1", 5000};
  auto self_named = client_of(stranger, "203.0.113.7", trusted);
  CHECK(self_named.address == "198.51.100.1");
  CHECK(self_named.port == 5000);
  CHECK(client_of(proxy, "", trusted).address == "127.0.0.1");
  CHECK(client_of(proxy, "203.0.113.7", {}).address == "127.0.0.1");
}

TEST_CASE("client_of takes the rightmost address that is no trusted proxy: "
          "what a client writes left of it is not believed") {
  CHECK(client_of(proxy, "1.2.3.4, 203.0.113.7", trusted).address
        == "203.0.113.7");
  CHECK(client_of(proxy, "1.2.3.4,203.0.113.7 , 10.0.0.2", trusted).address
        == "203.0.113.7");
  // Only proxies named: the peer itself.
  CHECK(client_of(proxy, "10.0.0.2", trusted).address == "127.0.0.1");
  CHECK(client_of(proxy, " , ", trusted).address == "127.0.0.1");
}
