#pragma once

// Where troupe-cli gets a password: never from its command line (other
// users see it in `ps`, shells keep it in their history), but from the
// environment (TROUPE_PASSWORD, for scripts) or from the terminal with its
// echo off.

#include <string>

namespace troupe::cli {

/// The environment variable scripts put the password in.
constexpr const char* password_variable = "TROUPE_PASSWORD";

/// Returns TROUPE_PASSWORD when it is set; else asks on the controlling
/// terminal with `prompt`, echo off (restored on every path, Ctrl-C
/// included), and when `confirm` asks twice. Throws usage_error when there
/// is neither, or the two answers differ.
std::string read_password(const std::string& prompt, bool confirm = false);

} // namespace troupe::cli
