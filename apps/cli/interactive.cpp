#include "apps/cli/interactive.hpp"

#include <cstdint>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>

#include <unistd.h>

#include "apps/cli/account.hpp"
#include "apps/cli/exit_codes.hpp"
#include "apps/cli/file_transfer.hpp"
#include "apps/cli/output.hpp"

namespace troupe::cli {

namespace {

constexpr const char* prompt = "troupe> ";

class interactive_session {
 public:
  explicit interactive_session(const options& o)
    : options_(o), mode_(o.json ? output_mode::json : output_mode::human),
      on_terminal_(isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0) {}

  int run() {
    try {
      if (!options_.user.empty() && !log_in(login_frame(options_.user)))
        return exit_code::refused;
    } catch (const usage_error& e) {
      print("troupe-cli: " + std::string{e.what()} + "\n", true);
      return exit_code::usage;
    } catch (const connection_error& e) {
      print("troupe-cli: " + std::string{e.what()} + "\n", true);
      return exit_code::connection;
    }
    if (on_terminal_ && options_.user.empty())
      print("not logged in: `login NAME` or `register NAME`; `help` lists "
            "the commands\n");
    std::string line;
    for (;;) {
      show_prompt();
      if (!std::getline(std::cin, line))
        break;
      if (!run_line(line))
        break;
    }
    return exit_code::ok;
  }

 private:
  /// Runs one line; false when it asks to leave.
  bool run_line(const std::string& line) {
    try {
      auto words = split_line(line);
      if (words.empty())
        return true;
      auto command = parse_command(words);
      if (command.kind == command_kind::local)
        return run_local(command);
      if (command.name == "login") {
        log_in(with_password(command));
        return true;
      }
      if (command.kind == command_kind::transfer) {
        show_reply(command.frame,
                   run_transfer(command, connected(), options_.server,
                                options_.timeout));
        return true;
      }
      auto frame = command.kind == command_kind::account
                     ? with_password(command)
                     : command.frame;
      show_reply(frame, connected().request(frame));
    } catch (const usage_error& e) {
      print(std::string{e.what()} + "\n", true);
    } catch (const connection_error& e) {
      // The next command connects again (after a logout, say).
      print(std::string{e.what()} + "\n", true);
    }
    return true;
  }

  bool run_local(const parsed_command& command) {
    if (command.name == "quit")
      return false;
    auto topic = command.frame.value("topic", std::string{});
    auto text = help_text(topic);
    print(text.empty() ? "no command starts with '" + topic + "'\n" : text);
    return true;
  }

  bool log_in(const json& frame) {
    auto reply = connected().request(frame);
    show_reply(frame, reply);
    return is_ok(reply);
  }

  /// The live connection, opened again when the node closed the last one.
  connection& connected() {
    if (!conn_ || !conn_->is_open()) {
      conn_.reset();
      conn_ = std::make_unique<connection>(
        options_.server, options_.timeout, options_.keepalive,
        [this](const json& push, connection& on) { on_push(push, on); });
    }
    return *conn_;
  }

  /// On the reader thread: shows a push the first time its id comes, and
  /// acknowledges it every time (a resend means the ack was not seen).
  void on_push(const json& push, connection& on) {
    auto id = push.find("id");
    if (id != push.end() && id->is_number_integer()) {
      auto fresh = seen_.insert(id->get<std::int64_t>()).second;
      if (fresh)
        print_push(format_push(push, mode_));
      on.send({{"type", "ack"}, {"id", *id}});
      return;
    }
    auto type = push.value("type", "");
    if (type == "welcome" && mode_ == output_mode::human)
      return; // the login's own line says as much
    auto text = format_push(push, mode_);
    if (type == "closing" && mode_ == output_mode::human
        && push.value("reason", "") != "logout")
      text += "(the next command connects again; `login NAME` to log in)\n";
    print_push(text);
  }

  void show_reply(const json& request, const json& reply) {
    auto ok = is_ok(reply);
    print(format_reply(request, reply, mode_),
          !ok && mode_ == output_mode::human);
  }

  /// Prints a push's text above the prompt.
  void print_push(const std::string& text) {
    std::lock_guard lock{out_};
    if (on_terminal_)
      std::cout << "\r\033[K"; // the push replaces the prompt's line
    std::cout << text;
    if (on_terminal_)
      std::cout << prompt;
    std::cout << std::flush;
  }

  void print(const std::string& text, bool to_stderr = false) {
    std::lock_guard lock{out_};
    (to_stderr ? std::cerr : std::cout) << text << std::flush;
  }

  void show_prompt() {
    if (on_terminal_)
      print(prompt);
  }

  const options& options_;
  output_mode mode_;
  bool on_terminal_;
  std::mutex out_;
  std::unordered_set<std::int64_t> seen_;
  std::unique_ptr<connection> conn_;
};

} // namespace

int run_interactive(const options& o) {
  interactive_session session{o};
  return session.run();
}

} // namespace troupe::cli
