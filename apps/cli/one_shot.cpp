#include "apps/cli/one_shot.hpp"

#include <iostream>

#include "apps/cli/account.hpp"
#include "apps/cli/exit_codes.hpp"
#include "apps/cli/file_transfer.hpp"
#include "apps/cli/output.hpp"

namespace troupe::cli {

namespace {

/// Prints `reply` to `request` where it belongs: JSON always to stdout (a
/// script reads one stream), people's errors to stderr.
int show(const json& request, const json& reply, output_mode mode) {
  auto text = format_reply(request, reply, mode);
  auto ok = is_ok(reply);
  (ok || mode == output_mode::json ? std::cout : std::cerr) << text;
  return ok ? exit_code::ok : exit_code::refused;
}

int run_local(const parsed_command& command) {
  if (command.name == "quit")
    throw usage_error("quit is for the interactive mode");
  auto text = help_text(command.frame.value("topic", std::string{}));
  if (text.empty())
    throw usage_error("no command starts with '"
                      + command.frame.value("topic", std::string{}) + "'");
  std::cout << text;
  return exit_code::ok;
}

} // namespace

int run_one_shot(const options& o) {
  auto mode = o.json ? output_mode::json : output_mode::human;
  try {
    auto command = parse_command(o.words);
    if (command.kind == command_kind::local)
      return run_local(command);
    if (command.kind == command_kind::account) {
      auto frame = with_password(command);
      connection conn{o.server, o.timeout, o.keepalive, nullptr};
      return show(frame, conn.request(frame), mode);
    }
    // `ping` is the one request that needs no session.
    auto needs_login = command.name != "ping" || !o.user.empty();
    if (needs_login && o.user.empty())
      throw usage_error("'" + command.name
                        + "' needs a user: --user NAME (or TROUPE_USER)");
    auto login = needs_login ? login_frame(o.user) : json{};
    connection conn{o.server, o.timeout, o.keepalive, nullptr};
    if (needs_login) {
      auto reply = conn.request(login);
      if (!is_ok(reply))
        return show(login, reply, mode);
    }
    if (command.kind == command_kind::transfer)
      return show(command.frame,
                  run_transfer(command, conn, o.server, o.timeout), mode);
    return show(command.frame, conn.request(command.frame), mode);
  } catch (const usage_error& e) {
    std::cerr << "troupe-cli: " << e.what() << "\n";
    return exit_code::usage;
  } catch (const connection_error& e) {
    std::cerr << "troupe-cli: " << e.what() << "\n";
    return exit_code::connection;
  }
}

} // namespace troupe::cli
