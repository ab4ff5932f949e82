#include "apps/cli/account.hpp"

#include "apps/cli/password.hpp"

namespace troupe::cli {

json with_password(const parsed_command& command) {
  auto frame = command.frame;
  auto creating = command.name == "register";
  frame["password"]
    = read_password((creating ? "new password for " : "password for ")
                      + frame.value("username", std::string{}) + ": ",
                    creating);
  return frame;
}

json login_frame(const std::string& username) {
  return with_password(parse_command({"login", username}));
}

} // namespace troupe::cli
