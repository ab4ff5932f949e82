#pragma once

#include <string>
#include <variant>

#include "protocol/profile.hpp"

namespace troupe::protocol {

// -- commands (PROTOCOL.md section 3) -----------------------------------------

struct register_request {
  std::string username;
  std::string password;
  profile_update profile;
};

struct login_request {
  std::string username;
  std::string password;
};

struct ping_request {};

struct logout_request {};

struct token_request {};

struct get_user_request {
  std::string username;
};

struct update_profile_request {
  profile_update profile;
};

/// Every command this node implements, parameters validated.
using command
  = std::variant<register_request, login_request, ping_request, logout_request,
                 token_request, get_user_request, update_profile_request>;

/// A decoded client request: its id and its command.
struct request {
  std::string id;
  command body;
};

} // namespace troupe::protocol
