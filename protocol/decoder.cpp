#include "protocol/decoder.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "protocol/param_reader.hpp"
#include "protocol/text.hpp"

namespace troupe::protocol {

namespace {

using json = nlohmann::json;

command parse_register(param_reader& in) {
  register_command r;
  r.username = in.required_string("username");
  r.password = in.required_string("password");
  r.profile = in.profile();
  if (in.failed())
    return r;
  if (!is_valid_username(r.username))
    in.fail(error_code::invalid_username,
            std::string{default_message(error_code::invalid_username)});
  else if (!is_acceptable_password(r.password))
    in.fail(error_code::weak_password,
            std::string{default_message(error_code::weak_password)});
  return r;
}

command parse_login(param_reader& in) {
  login_command r;
  r.username = in.required_string("username");
  r.password = in.required_string("password");
  return r;
}

command parse_get_user(param_reader& in) {
  get_user_command r{in.required_string("username")};
  in.name_a_user(r.username, error_code::no_such_user);
  return r;
}

command parse_update_profile(param_reader& in) {
  return update_profile_command{in.profile()};
}

command parse_friend_request(param_reader& in) {
  friend_request_command r;
  r.username = in.required_string("username");
  r.note = in.optional_string("note").value_or("");
  in.check_length(r.note, in.lim().max_text_chars, "note");
  in.name_a_user(r.username, error_code::no_such_user);
  return r;
}

command parse_friend_respond(param_reader& in) {
  friend_respond_command r;
  r.request_id = in.required_id("request_id");
  r.accept = in.required_bool("accept");
  return r;
}

command parse_friend_remove(param_reader& in) {
  friend_remove_command r{in.required_string("username")};
  in.name_a_user(r.username, error_code::not_friends);
  return r;
}

/// Returns whether `body` is a file id: decimal digits, not starting at 0.
bool is_file_id(const std::string& body) {
  return !body.empty() && body.size() <= 16 && body[0] != '0'
         && std::all_of(body.begin(), body.end(),
                        [](char c) { return c >= '0' && c <= '9'; });
}

/// Reads a message's `kind` and `body`, as `send` and `group_send` take them.
void read_content(param_reader& in, message_kind& kind, std::string& body) {
  auto kind_name = in.required_string("kind");
  if (in.failed())
    return;
  auto parsed_kind = message_kind_from_string(kind_name);
  if (!parsed_kind) {
    in.fail(error_code::bad_request,
            "field 'kind' must be text, image or file");
    return;
  }
  kind = *parsed_kind;
  if (kind == message_kind::text) {
    body = in.required_string("body");
    if (!in.failed() && body.empty())
      in.fail(error_code::bad_request, "a text message needs a body");
    in.check_length(body, in.lim().max_text_chars, "body");
  } else if (in.is_number("body")) {
    // A file id may come as a number too.
    body = std::to_string(in.required_id("body"));
  } else {
    body = in.required_string("body");
    if (!in.failed() && !is_file_id(body))
      in.fail(error_code::no_such_file, "'body' must be a file id");
  }
}

command parse_send(param_reader& in) {
  send_command r;
  r.to = in.required_string("to");
  read_content(in, r.kind, r.body);
  in.name_a_user(r.to, error_code::no_such_user);
  return r;
}

command parse_group_create(param_reader& in) {
  group_create_command r;
  r.name = in.required_string("name");
  // PROTOCOL.md lists no error of its own for group_create: a name out of
  // its bounds, empty or too long, is a bad request.
  if (!in.failed()
      && (r.name.empty() || count_code_points(r.name) > max_group_name_chars))
    in.fail(error_code::bad_request, "a group's name is 1 to 64 characters");
  return r;
}

/// Reads `group_add` and `group_kick`, which take the same parameters.
template <class Command>
command parse_group_and_user(param_reader& in) {
  Command r;
  r.group_id = in.required_id("group_id");
  r.username = in.required_string("username");
  return r;
}

template <class Command>
command parse_group_only(param_reader& in) {
  Command r;
  r.group_id = in.required_id("group_id");
  return r;
}

command parse_group_set_role(param_reader& in) {
  group_set_role_command r;
  r.group_id = in.required_id("group_id");
  r.username = in.required_string("username");
  auto role = in.required_string("role");
  if (in.failed())
    return r;
  auto parsed = group_role_from_string(role);
  if (!parsed || *parsed == group_role::owner)
    in.fail(error_code::bad_request, "field 'role' must be admin or member");
  else
    r.role = *parsed;
  return r;
}

command parse_group_set_state(param_reader& in) {
  group_set_state_command r;
  r.group_id = in.required_id("group_id");
  auto state = in.required_string("state");
  if (in.failed())
    return r;
  auto parsed = group_state_from_string(state);
  if (!parsed)
    in.fail(error_code::bad_request, "field 'state' must be normal, muted,"
                                     " admins_only or dissolved");
  else
    r.state = *parsed;
  return r;
}

command parse_group_send(param_reader& in) {
  group_send_command r;
  r.group_id = in.required_id("group_id");
  read_content(in, r.kind, r.body);
  return r;
}

command parse_history(param_reader& in) {
  history_command r;
  r.with = in.optional_string("with").value_or("");
  r.group_id = in.optional_id("group_id");
  r.before = in.optional_id("before");
  r.after = in.optional_id("after");
  r.limit = static_cast<std::size_t>(in.integer_in("limit", 1, 200, 50));
  if (!in.failed() && r.with.empty() == !r.group_id)
    in.fail(error_code::bad_request, "give either 'with' or 'group_id'");
  if (!r.with.empty())
    in.name_a_user(r.with, error_code::not_friends);
  return r;
}

command parse_presence(param_reader& in) {
  presence_command r{in.required_string("username")};
  in.name_a_user(r.username, error_code::not_friends);
  return r;
}

command parse_set_location(param_reader& in) {
  set_location_command r;
  r.lat = in.number_in("lat", -90, 90);
  r.lon = in.number_in("lon", -180, 180);
  return r;
}

/// Reads the `limit` of a page of a list: 1 to `limits.max_list_items`,
/// that many when absent.
std::size_t page_limit(param_reader& in) {
  auto most = static_cast<std::int64_t>(in.lim().max_list_items);
  return static_cast<std::size_t>(in.integer_in("limit", 1, most, most));
}

command parse_friends(param_reader& in) {
  friends_command r;
  r.offset = static_cast<std::size_t>(
    in.integer_in("offset", 0, std::numeric_limits<std::int32_t>::max(), 0));
  r.limit = page_limit(in);
  return r;
}

command parse_groups(param_reader& in) {
  groups_command r;
  r.after = in.optional_id("after").value_or(0);
  r.limit = page_limit(in);
  return r;
}

template <class Command>
command parse_no_params(param_reader&) {
  return Command{};
}

struct command_entry {
  std::string_view type;
  command (*parse)(param_reader&);
};

constexpr std::array<command_entry, 25> command_table{{
  {"register", parse_register},
  {"login", parse_login},
  {"ping", parse_no_params<ping_command>},
  {"logout", parse_no_params<logout_command>},
  {"token", parse_no_params<token_command>},
  {"get_user", parse_get_user},
  {"update_profile", parse_update_profile},
  {"friend_request", parse_friend_request},
  {"friend_respond", parse_friend_respond},
  {"friend_remove", parse_friend_remove},
  {"friends", parse_friends},
  {"friend_requests", parse_no_params<friend_requests_command>},
  {"send", parse_send},
  {"group_create", parse_group_create},
  {"group_add", parse_group_and_user<group_add_command>},
  {"group_kick", parse_group_and_user<group_kick_command>},
  {"group_leave", parse_group_only<group_leave_command>},
  {"group_set_role", parse_group_set_role},
  {"group_set_state", parse_group_set_state},
  {"group_send", parse_group_send},
  {"groups", parse_groups},
  {"group_members", parse_group_only<group_members_command>},
  {"history", parse_history},
  {"presence", parse_presence},
  {"set_location", parse_set_location},
}};

// The table lists the commands in the variant's order; `ack` (no
// parameters, no reply) comes last and is decoded apart.
static_assert(command_table.size() + 1 == std::variant_size_v<command>);
static_assert(
  std::is_same_v<std::variant_alternative_t<command_table.size(), command>,
                 ack_command>);

const command_entry* find_command(std::string_view type) {
  for (auto& entry : command_table)
    if (entry.type == type)
      return &entry;
  return nullptr;
}

decode_error make_error(error_code code, std::string message) {
  return decode_error{std::nullopt, code, std::move(message)};
}

/// An `ack` names the push it acknowledges in `id`, as a number, and gets
/// no reply.
std::variant<request, decode_error> decode_ack(const json& obj) {
  auto id = obj.find("id");
  if (id == obj.end() || !id->is_number_integer()
      || id->get<std::int64_t>() <= 0)
    return make_error(error_code::bad_request,
                      "'ack' needs the id of the push it acknowledges");
  return request{{}, ack_command{id->get<std::int64_t>()}};
}

/// Returns what an error message may repeat of a client's text: no reply
/// is much larger than its request, so a frame cannot be amplified.
std::string echo_of(const std::string& text) {
  constexpr std::size_t max_echo_chars = 32;
  if (count_code_points(text) <= max_echo_chars)
    return text;
  return std::string{first_code_points(text, max_echo_chars)} + "…";
}

std::variant<command, decode_error>
parse_params(const command_entry& entry, const json& obj, const limits& lim) {
  param_reader in{obj, lim};
  auto cmd = entry.parse(in);
  if (in.failed())
    return in.take_error();
  return cmd;
}

} // namespace

std::variant<request, decode_error> decode_request(std::string_view frame,
                                                   const limits& lim) {
  auto parsed = parse_object(frame);
  if (auto err = std::get_if<decode_error>(&parsed))
    return std::move(*err);
  auto& obj = std::get<json>(parsed);
  auto type_field = obj.find("type");
  if (type_field != obj.end() && *type_field == "ack")
    return decode_ack(obj);
  auto id = obj.find("id");
  if (id == obj.end() || !id->is_string())
    return make_error(error_code::bad_request, "'id' must be a string");
  auto& id_text = id->get_ref<const std::string&>();
  auto id_chars = count_code_points(id_text);
  if (id_chars < min_request_id_chars || id_chars > max_request_id_chars)
    return make_error(error_code::bad_request,
                      "'id' must be 1 to 64 characters");
  auto type = obj.find("type");
  if (type == obj.end() || !type->is_string())
    return decode_error{id_text, error_code::bad_request,
                        "'type' must be a string"};
  auto* entry = find_command(type->get_ref<const std::string&>());
  if (entry == nullptr)
    return decode_error{id_text, error_code::unknown_type,
                        "unknown request type '"
                          + echo_of(type->get_ref<const std::string&>()) + "'"};
  auto cmd = parse_params(*entry, obj, lim);
  if (auto err = std::get_if<decode_error>(&cmd)) {
    err->id = id_text;
    return std::move(*err);
  }
  return request{id_text, std::move(std::get<command>(cmd))};
}

std::variant<command, decode_error> decode_command(std::string_view type,
                                                   std::string_view json_body,
                                                   const limits& lim) {
  auto* entry = find_command(type);
  if (entry == nullptr)
    return make_error(error_code::unknown_type,
                      "unknown command '" + echo_of(std::string{type}) + "'");
  auto parsed = parse_object(json_body);
  if (auto err = std::get_if<decode_error>(&parsed))
    return std::move(*err);
  return parse_params(*entry, std::get<json>(parsed), lim);
}

std::string_view command_type_name(std::size_t index) {
  if (index < command_table.size())
    return command_table[index].type;
  return index == command_table.size() ? "ack" : "unknown";
}

} // namespace troupe::protocol
