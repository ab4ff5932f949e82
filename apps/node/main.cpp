// troupe-node: the Troupe instant-messaging server.
//
//   troupe-node [--config FILE] [--section.key=value ...]
//
// Options and their defaults are in conf/troupe.ini and docs/operations.md.

#include <iostream>

#include "apps/node/node.hpp"
#include "apps/node/node_config.hpp"

int main(int argc, char** argv) {
  troupe::node::node_config cfg;
  if (auto err = cfg.load(argc, argv); !err.empty()) {
    std::cerr << "troupe-node: " << err << '\n';
    return 2;
  }
  if (cfg.cli_helptext_printed)
    return 0;
  return troupe::node::run(cfg);
}
