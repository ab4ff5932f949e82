#pragma once

#include "domain/message_views.hpp"

namespace troupe::actors {

/// How a stored message shows (domain/message_views.hpp).
using domain::view_of;

} // namespace troupe::actors
