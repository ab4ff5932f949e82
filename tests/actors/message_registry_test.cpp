#include "actors/message_registry.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <typeinfo>
#include <unordered_set>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <caf/make_message.hpp>
#include <caf/message.hpp>
#include <caf/type_nr.hpp>
#include <caf/uniform_type_info_map.hpp>
#include <doctest/doctest.h>

#include "actors/interfaces.hpp"

using namespace troupe;
using namespace troupe::actors;

namespace {

/// A node's configuration, with or without the registry's types; its
/// actor system runs no threads of its own.
struct node_config : caf::actor_system_config {
  explicit node_config(bool registered) {
    set("scheduler.policy", caf::atom("testing"));
    set("logger.verbosity", caf::atom("quiet"));
    if (registered)
      register_message_types(*this);
  }
};

/// Two nodes: one writes a message, the other reads it.
struct two_nodes {
  node_config sender_cfg{true};
  caf::actor_system sender{sender_cfg};
  node_config receiver_cfg;
  caf::actor_system receiver{receiver_cfg};

  explicit two_nodes(bool receiver_registered = true)
    : receiver_cfg(receiver_registered) {
    // nop
  }

  /// Writes `value` on the sender as a message would cross, and reads it
  /// back on the receiver; REQUIREs that it arrives as a `T`.
  template <class T>
  T cross(T value) {
    auto sent = caf::make_message(std::move(value));
    std::vector<char> bytes;
    caf::binary_serializer sink{sender, bytes};
    REQUIRE(!sink(sent));
    caf::message received;
    caf::binary_deserializer source{receiver, bytes};
    REQUIRE(!source(received));
    REQUIRE(received.match_elements<T>());
    return received.get_as<T>(0);
  }
};

push_envelope push(std::int64_t id, std::string frame, std::int64_t group) {
  return {id, std::make_shared<const std::string>(std::move(frame)), group};
}

group_request request(group_request::command body) {
  return {7, "alice", "r-1", std::move(body)};
}

/// Returns whether `T` can be told apart by name on the receiving node:
/// built into CAF, an atom, or registered.
template <class T>
bool known_by_name(caf::actor_system& sys) {
  if constexpr (caf::type_nr<T>::value != 0 || caf::is_atom_constant<T>::value)
    return true;
  else
    return sys.types().make_value(typeid(T)) != nullptr;
}

template <class... Ts>
std::vector<std::string> unknown_in(caf::actor_system& sys,
                                    caf::detail::type_list<Ts...>) {
  std::vector<std::string> unknown;
  ((known_by_name<Ts>(sys) ? void() : unknown.push_back(typeid(Ts).name())),
   ...);
  return unknown;
}

/// Returns the types of `Handle`'s messages and answers that a node
/// without them registered could not read.
template <class Handle>
struct interface_types;

template <class... Inputs, class... Outputs, class... More>
struct interface_types<
  caf::typed_actor<caf::typed_mpi<caf::detail::type_list<Inputs...>,
                                  caf::output_tuple<Outputs...>>,
                   More...>> {
  static std::vector<std::string> unknown(caf::actor_system& sys) {
    auto out = unknown_in(sys, caf::detail::type_list<Inputs...>{});
    if constexpr (!(std::is_void_v<Outputs> && ...)) {
      auto outputs = unknown_in(sys, caf::detail::type_list<Outputs...>{});
      out.insert(out.end(), outputs.begin(), outputs.end());
    }
    if constexpr (sizeof...(More) > 0) {
      auto rest = interface_types<caf::typed_actor<More...>>::unknown(sys);
      out.insert(out.end(), rest.begin(), rest.end());
    }
    return out;
  }
};

} // namespace

TEST_CASE("every type of every interface that crosses nodes is registered") {
  node_config cfg{true};
  caf::actor_system sys{cfg};
  const std::vector<std::string> none;
  CHECK(interface_types<session_actor>::unknown(sys) == none);
  CHECK(interface_types<directory_actor>::unknown(sys) == none);
  CHECK(interface_types<peer_directory_actor>::unknown(sys) == none);
  CHECK(interface_types<group_hub_actor>::unknown(sys) == none);
  CHECK(interface_types<peer_group_hub_actor>::unknown(sys) == none);
  CHECK(interface_types<group_actor>::unknown(sys) == none);
}

TEST_CASE("a node that lacks the registry cannot read what crosses") {
  // What CI guards against: such a message arrives as `()` in CAF 0.17.
  two_nodes nodes{false};
  auto sent = caf::make_message(push(1, "{}", 0));
  std::vector<char> bytes;
  caf::binary_serializer sink{nodes.sender, bytes};
  REQUIRE(!sink(sent));
  caf::message received;
  caf::binary_deserializer source{nodes.receiver, bytes};
  auto failed = source(received);
  CHECK((failed || !received.match_elements<push_envelope>()));
}

TEST_CASE("the directory's values cross nodes unchanged") {
  two_nodes nodes;
  SUBCASE("a push, its frame written out") {
    auto out = nodes.cross(push(42, R"({"type":"message"})", 9));
    CHECK(out.push_id == 42);
    REQUIRE(out.frame);
    CHECK(*out.frame == R"({"type":"message"})");
    CHECK(out.group_id == 9);
  }
  SUBCASE("a group's members") {
    member_set members{std::make_shared<std::unordered_set<protocol::user_id>>(
      std::unordered_set<protocol::user_id>{1, 2, std::int64_t{1} << 50})};
    auto out = nodes.cross(members);
    REQUIRE(out.ids);
    CHECK(*out.ids == *members.ids);
  }
  SUBCASE("users to look up") {
    auto out = nodes.cross(user_list{{3, 1, 2}});
    CHECK(out.uids == std::vector<protocol::user_id>{3, 1, 2});
  }
  SUBCASE("where sessions are") {
    std::vector<session_address> where{{true, "10.0.0.1", 4000}, {}};
    auto out = nodes.cross(where);
    REQUIRE(out.size() == 2);
    CHECK(out[0].online);
    CHECK(out[0].ip == "10.0.0.1");
    CHECK(out[0].port == 4000);
    CHECK(!out[1].online);
  }
  SUBCASE("a node's sessions, for a peer's replica") {
    std::vector<remote_session> sessions{
      {7, 1'700'000'000'000'000'000, {true, "10.0.0.2", 4001}}, {8, 5, {}}};
    auto out = nodes.cross(sessions);
    REQUIRE(out.size() == 2);
    CHECK(out[0].uid == 7);
    CHECK(out[0].login_time == 1'700'000'000'000'000'000);
    CHECK(out[0].address.ip == "10.0.0.2");
    CHECK(out[0].address.port == 4001);
    CHECK(out[1].uid == 8);
    CHECK(!out[1].address.online);
  }
  SUBCASE("a verdict on another node's attach") {
    auto out = nodes.cross(attach_verdict{true, false});
    CHECK(out.stale);
    CHECK(!out.replaced);
    out = nodes.cross(attach_verdict{false, true});
    CHECK(!out.stale);
    CHECK(out.replaced);
  }
}

TEST_CASE("every command a group actor takes crosses nodes unchanged") {
  two_nodes nodes;
  auto check_envelope = [](const group_request& out) {
    CHECK(out.uid == 7);
    CHECK(out.username == "alice");
    CHECK(out.request_id == "r-1");
  };
  SUBCASE("group_add") {
    auto out = nodes.cross(request(protocol::group_add_command{5, "bob"}));
    check_envelope(out);
    auto& cmd = std::get<protocol::group_add_command>(out.body);
    CHECK(cmd.group_id == 5);
    CHECK(cmd.username == "bob");
  }
  SUBCASE("group_kick") {
    auto out = nodes.cross(request(protocol::group_kick_command{5, "bob"}));
    auto& cmd = std::get<protocol::group_kick_command>(out.body);
    CHECK(cmd.group_id == 5);
    CHECK(cmd.username == "bob");
  }
  SUBCASE("group_leave") {
    auto out = nodes.cross(request(protocol::group_leave_command{5}));
    CHECK(std::get<protocol::group_leave_command>(out.body).group_id == 5);
  }
  SUBCASE("group_set_role") {
    auto out = nodes.cross(request(
      protocol::group_set_role_command{5, "bob", protocol::group_role::admin}));
    auto& cmd = std::get<protocol::group_set_role_command>(out.body);
    CHECK(cmd.username == "bob");
    CHECK(cmd.role == protocol::group_role::admin);
  }
  SUBCASE("group_set_state") {
    auto out = nodes.cross(request(protocol::group_set_state_command{
      5, protocol::group_state::admins_only}));
    auto& cmd = std::get<protocol::group_set_state_command>(out.body);
    CHECK(cmd.group_id == 5);
    CHECK(cmd.state == protocol::group_state::admins_only);
  }
  SUBCASE("group_send") {
    auto out = nodes.cross(request(
      protocol::group_send_command{5, protocol::message_kind::image, "77"}));
    check_envelope(out);
    auto& cmd = std::get<protocol::group_send_command>(out.body);
    CHECK(cmd.kind == protocol::message_kind::image);
    CHECK(cmd.body == "77");
  }
  SUBCASE("group_members") {
    auto out = nodes.cross(request(protocol::group_members_command{5}));
    CHECK(std::get<protocol::group_members_command>(out.body).group_id == 5);
  }
  SUBCASE("history, with and without its optional fields") {
    protocol::history_command full{"", 5, 100, 20, 30};
    auto out = nodes.cross(request(full));
    auto& cmd = std::get<protocol::history_command>(out.body);
    CHECK(cmd.group_id == std::optional<std::int64_t>{5});
    CHECK(cmd.before == std::optional<std::int64_t>{100});
    CHECK(cmd.after == std::optional<std::int64_t>{20});
    CHECK(cmd.limit == 30);
    protocol::history_command bare{"bob", std::nullopt, std::nullopt,
                                   std::nullopt, 50};
    auto out_bare = nodes.cross(request(bare));
    auto& cmd_bare = std::get<protocol::history_command>(out_bare.body);
    CHECK(cmd_bare.with == "bob");
    CHECK(!cmd_bare.group_id);
    CHECK(!cmd_bare.before);
    CHECK(!cmd_bare.after);
  }
}
