#include "apps/cli/options.hpp"

#include <iostream>

#include <CLI/CLI.hpp>

#include "apps/cli/command_table.hpp"
#include "apps/cli/exit_codes.hpp"

namespace troupe::cli {

namespace {

const char* const description
  = "troupe-cli: a command-line client for Troupe nodes (protocol v1).\n"
    "\n"
    "  troupe-cli [options]                       interactive session\n"
    "  troupe-cli [options] COMMAND [ARGS...]     one command, then exit\n"
    "\n"
    "Passwords come from TROUPE_PASSWORD or are asked on the terminal.\n"
    "Exit status: 0 ok, 1 the node refused, 2 usage error, 3 no connection.";

} // namespace

server_address parse_url(const std::string& url) {
  const std::string scheme = "ws://";
  if (url.compare(0, scheme.size(), scheme) != 0)
    throw usage_error("--url must start with ws:// (got '" + url + "')");
  auto rest = url.substr(scheme.size());
  server_address address;
  address.port = 80;
  auto slash = rest.find('/');
  if (slash != std::string::npos) {
    address.path = rest.substr(slash);
    rest.resize(slash);
  }
  auto colon = rest.rfind(':');
  if (colon != std::string::npos
      && rest.find(']', colon) == std::string::npos) {
    auto port_text = rest.substr(colon + 1);
    rest.resize(colon);
    try {
      std::size_t used = 0;
      auto port = std::stoul(port_text, &used);
      if (used != port_text.size() || port == 0 || port > 65535)
        throw std::out_of_range("port");
      address.port = static_cast<std::uint16_t>(port);
    } catch (const std::exception&) {
      throw usage_error("bad port in --url: '" + port_text + "'");
    }
  }
  if (rest.size() > 2 && rest.front() == '[' && rest.back() == ']')
    rest = rest.substr(1, rest.size() - 2);
  if (rest.empty())
    throw usage_error("no host in --url '" + url + "'");
  address.host = rest;
  return address;
}

std::variant<options, int> parse_options(int argc, char** argv) {
  CLI::App app{description, "troupe-cli"};
  // Everything from the command word on belongs to the command: a message
  // such as "-- see below --" is text, not an option.
  app.prefix_command();
  app.footer("Commands (also at the interactive prompt; `help` there):\n"
             + help_text());
  options o;
  std::string url;
  double timeout_s = 10;
  double keepalive_s = 30;
  app.add_option("--host", o.server.host, "node address")
    ->capture_default_str();
  app.add_option("--port", o.server.port, "node port")->capture_default_str();
  app.add_option("--url", url,
                 "node WebSocket URL, ws://HOST:PORT/ws "
                 "(instead of --host and --port)");
  app.add_option("-u,--user", o.user, "log in as this user")
    ->envname("TROUPE_USER");
  app.add_flag("--json", o.json,
               "print the node's data, errors and pushes as JSON lines");
  app
    .add_option("--timeout", timeout_s,
                "seconds to wait for the node's answers")
    ->capture_default_str()
    ->check(CLI::PositiveNumber);
  app
    .add_option("--keepalive", keepalive_s,
                "seconds between pings that keep an idle session open "
                "(0: none)")
    ->capture_default_str()
    ->check(CLI::NonNegativeNumber);
  try {
    app.parse(argc, argv);
    if (!url.empty())
      o.server = parse_url(url);
  } catch (const CLI::ParseError& e) {
    auto status = app.exit(e);
    return status == 0 ? 0 : exit_code::usage;
  } catch (const usage_error& e) {
    std::cerr << "troupe-cli: " << e.what() << "\n";
    return exit_code::usage;
  }
  o.timeout = std::chrono::milliseconds{static_cast<long>(timeout_s * 1000)};
  o.keepalive
    = std::chrono::milliseconds{static_cast<long>(keepalive_s * 1000)};
  o.words = app.remaining();
  // prefix_command() hands unknown options on with the command; before the
  // command word they are a mistake (--password, say, is refused here).
  if (!o.words.empty() && o.words.front().size() > 1
      && o.words.front().front() == '-') {
    std::cerr << "troupe-cli: unknown option " << o.words.front()
              << " (see --help)\n";
    return exit_code::usage;
  }
  return o;
}

} // namespace troupe::cli
