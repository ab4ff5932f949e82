#include "actors/message_registry.hpp"

#include <caf/actor_system_config.hpp>

#include "actors/interfaces.hpp"

namespace troupe::actors {

void register_message_types(caf::actor_system_config& cfg) {
  // `add_message_type<T>` adds `std::vector<T>` too.
  cfg.add_message_type<push_envelope>("troupe.push_envelope")
    .add_message_type<member_set>("troupe.member_set")
    .add_message_type<user_list>("troupe.user_list")
    .add_message_type<session_address>("troupe.session_address")
    .add_message_type<group_request>("troupe.group_request")
    .add_message_type<remote_session>("troupe.remote_session")
    .add_message_type<attach_verdict>("troupe.attach_verdict")
    .add_message_type<session_actor>("troupe.session_actor")
    .add_message_type<directory_actor>("troupe.directory_actor")
    .add_message_type<peer_directory_actor>("troupe.peer_directory_actor")
    .add_message_type<group_hub_actor>("troupe.group_hub_actor")
    .add_message_type<peer_group_hub_actor>("troupe.peer_group_hub_actor")
    .add_message_type<group_actor>("troupe.group_actor");
}

} // namespace troupe::actors
