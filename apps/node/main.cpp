// troupe-node: the Troupe instant-messaging server.
//
//   troupe-node [--config FILE] [--section.key=value ...]
//
// Options and their defaults are in conf/troupe.ini and docs/operations.md.

#include <iostream>

#include <malloc.h>

#include "apps/node/node.hpp"
#include "apps/node/node_config.hpp"

namespace {

/// Keeps glibc from handing memory back to the kernel after every burst:
/// with many threads, its per-thread heaps otherwise shrink and regrow all
/// the time, and the mapping churn (and TLB flushes) cost more CPU than the
/// messages. Measured: twice the durable sends per second.
void tune_allocator() {
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  mallopt(M_TOP_PAD, 64 * 1024 * 1024);
  mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
}

} // namespace

int main(int argc, char** argv) {
  tune_allocator();
  troupe::node::node_config cfg;
  if (auto err = cfg.load(argc, argv); !err.empty()) {
    std::cerr << "troupe-node: " << err << '\n';
    return 2;
  }
  if (cfg.cli_helptext_printed)
    return 0;
  return troupe::node::run(cfg);
}
