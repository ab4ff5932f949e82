#pragma once

// `register` and `login` as both modes send them: the command's frame with
// the password added (from TROUPE_PASSWORD or the terminal).

#include "apps/cli/command_table.hpp"

namespace troupe::cli {

/// The frame of an account command with its password; asks twice for a
/// new account's password on a terminal. Throws usage_error.
json with_password(const parsed_command& command);

/// The login frame for `username`, with its password.
json login_frame(const std::string& username);

} // namespace troupe::cli
