#pragma once

#include <memory>

#include <caf/allowed_unsafe_message_type.hpp>

#include "net/connection.hpp"
#include "protocol/profile.hpp"
#include "protocol/requests.hpp"
#include "storage/records.hpp"

// These types travel between actors of one node only (to and from its
// persistence and hashing workers, and from the network), so they are sent
// without serialisation. Types that cross nodes get an `inspect` instead.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(troupe::storage::new_user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(troupe::storage::user_record)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(troupe::protocol::profile_update)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(troupe::protocol::register_command)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<troupe::net::connection>)
