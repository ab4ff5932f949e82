// Where troupe-bench's users connect: the nodes it is given, and the node
// of each user of a friend pair.

#include <doctest/doctest.h>

#include <set>

#include "apps/bench/nodes.hpp"

using troupe::bench::pair_node;
using troupe::bench::parse_node;

TEST_CASE("a node is HOST:PORT with an IP address and a port") {
  auto node = parse_node("127.0.0.2:8080");
  REQUIRE(node.has_value());
  CHECK(node->address().to_string() == "127.0.0.2");
  CHECK(node->port() == 8080);
  auto v6 = parse_node("[::1]:9000");
  REQUIRE(v6.has_value());
  CHECK(v6->address().is_v6());
  CHECK(v6->port() == 9000);
  for (auto bad : {"", "127.0.0.1", "127.0.0.1:", ":8080", "localhost:8080",
                   "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:80x"})
    CHECK_MESSAGE(!parse_node(bad).has_value(), bad);
}

TEST_CASE("with two nodes or more, every pair crosses nodes and the "
          "senders spread over all of them") {
  for (std::size_t nodes = 2; nodes <= 4; ++nodes) {
    std::set<std::size_t> sender_nodes;
    for (std::size_t pair = 0; pair < 12; ++pair) {
      auto sender = pair_node(2 * pair) % nodes;
      auto receiver = pair_node(2 * pair + 1) % nodes;
      CHECK(sender != receiver);
      CHECK(receiver == (sender + 1) % nodes);
      sender_nodes.insert(sender);
    }
    CHECK(sender_nodes.size() == nodes);
  }
}
