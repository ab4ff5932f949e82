#include "protocol/decoder.hpp"

#include <array>

#include <nlohmann/json.hpp>

#include "protocol/text.hpp"

namespace troupe::protocol {

namespace {

using json = nlohmann::json;

/// Reads typed parameters out of a request object. The first fault wins and
/// later reads become no-ops, so a parser reads straight through and checks
/// `failed()` once.
class param_reader {
public:
  param_reader(const json& obj, const limits& lim) : obj_(obj), limits_(lim) {
    // nop
  }

  bool failed() const {
    return error_.has_value();
  }

  decode_error take_error() {
    return std::move(*error_);
  }

  void fail(error_code code, std::string message) {
    if (!error_)
      error_ = decode_error{std::nullopt, code, std::move(message)};
  }

  /// Returns the string field `key`; a missing or non-string field fails.
  std::string required_string(const char* key) {
    if (failed())
      return {};
    auto i = obj_.find(key);
    if (i == obj_.end()) {
      fail(error_code::bad_request, std::string{"missing field '"} + key + "'");
      return {};
    }
    return as_string(*i, key);
  }

  /// Returns the string field `key` if present; a non-string field fails.
  std::optional<std::string> optional_string(const char* key) {
    if (failed())
      return std::nullopt;
    auto i = obj_.find(key);
    if (i == obj_.end())
      return std::nullopt;
    return as_string(*i, key);
  }

  /// Reads every profile field present into an update, checking lengths.
  profile_update profile() {
    profile_update result;
    for_each_profile_field([&](profile_field f) {
      auto name = std::string{to_string(f)};
      auto value = optional_string(name.c_str());
      if (value && count_code_points(*value) > limits_.max_profile_chars)
        fail(error_code::too_long,
             "field '" + name + "' is longer than "
               + std::to_string(limits_.max_profile_chars) + " characters");
      result[f] = std::move(value);
    });
    return result;
  }

private:
  std::string as_string(const json& value, const char* key) {
    if (!value.is_string()) {
      fail(error_code::bad_request,
           std::string{"field '"} + key + "' must be a string");
      return {};
    }
    return value.get<std::string>();
  }

  const json& obj_;
  const limits& limits_;
  std::optional<decode_error> error_;
};

command parse_register(param_reader& in) {
  register_request r;
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
  login_request r;
  r.username = in.required_string("username");
  r.password = in.required_string("password");
  return r;
}

command parse_get_user(param_reader& in) {
  return get_user_request{in.required_string("username")};
}

command parse_update_profile(param_reader& in) {
  return update_profile_request{in.profile()};
}

template <class Command>
command parse_no_params(param_reader&) {
  return Command{};
}

struct command_entry {
  std::string_view type;
  command (*parse)(param_reader&);
};

constexpr std::array<command_entry, 7> command_table{{
  {"register", parse_register},
  {"login", parse_login},
  {"ping", parse_no_params<ping_request>},
  {"logout", parse_no_params<logout_request>},
  {"token", parse_no_params<token_request>},
  {"get_user", parse_get_user},
  {"update_profile", parse_update_profile},
}};

const command_entry* find_command(std::string_view type) {
  for (auto& entry : command_table)
    if (entry.type == type)
      return &entry;
  return nullptr;
}

decode_error make_error(error_code code, std::string message) {
  return decode_error{std::nullopt, code, std::move(message)};
}

/// Parses `text` into a JSON object, or explains why it is none.
std::variant<json, decode_error> parse_object(std::string_view text) {
  // JSON never holds a raw NUL, and the parser would stop reading there.
  if (text.find('\0') != std::string_view::npos)
    return make_error(error_code::bad_request, "not valid JSON");
  auto value = json::parse(text, nullptr, false);
  if (value.is_discarded())
    return make_error(error_code::bad_request, "not valid JSON");
  if (!value.is_object())
    return make_error(error_code::bad_request, "not a JSON object");
  return value;
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
                          + type->get_ref<const std::string&>() + "'"};
  auto cmd = parse_params(*entry, obj, lim);
  if (auto err = std::get_if<decode_error>(&cmd)) {
    err->id = id_text;
    return std::move(*err);
  }
  return request{id_text, std::move(std::get<command>(cmd))};
}

std::variant<command, decode_error>
decode_command(std::string_view type, std::string_view json_body,
               const limits& lim) {
  auto* entry = find_command(type);
  if (entry == nullptr)
    return make_error(error_code::unknown_type,
                      "unknown command '" + std::string{type} + "'");
  auto parsed = parse_object(json_body);
  if (auto err = std::get_if<decode_error>(&parsed))
    return std::move(*err);
  return parse_params(*entry, std::get<json>(parsed), lim);
}

} // namespace troupe::protocol
