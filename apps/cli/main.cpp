// troupe-cli: a command-line client for any node speaking Troupe protocol
// v1. Interactive without a command, one command and exit with one. See
// docs/cli.md.
//
//   troupe-cli --user alice                      (interactive)
//   troupe-cli register alice                    (password asked)
//   TROUPE_PASSWORD=... troupe-cli --user alice send bob "hi"
//   troupe-cli --user alice --json history bob before=123

#include <variant>

#include "apps/cli/interactive.hpp"
#include "apps/cli/one_shot.hpp"

int main(int argc, char** argv) {
  auto parsed = troupe::cli::parse_options(argc, argv);
  if (auto* status = std::get_if<int>(&parsed))
    return *status;
  auto& o = std::get<troupe::cli::options>(parsed);
  return o.words.empty() ? troupe::cli::run_interactive(o)
                         : troupe::cli::run_one_shot(o);
}
