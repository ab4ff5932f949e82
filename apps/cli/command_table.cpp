#include "apps/cli/command_table.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace troupe::cli {

namespace {

using args_t = std::vector<std::string>;

void expect_count(const args_t& args, std::size_t min, std::size_t max) {
  if (args.size() < min)
    throw usage_error("missing arguments");
  if (args.size() > max)
    throw usage_error("too many arguments");
}

/// The words from `first` on, joined by single blanks: a message typed
/// without quotes is still one message.
std::string joined_from(const args_t& args, std::size_t first) {
  std::string text;
  for (auto i = first; i < args.size(); ++i) {
    if (i > first)
      text += ' ';
    text += args[i];
  }
  return text;
}

/// The node's ids are positive integers; catching a typo here gives a
/// clearer message than the node's bad_request.
std::int64_t positive_id(const std::string& word, const char* what) {
  std::int64_t value = 0;
  auto [end, ec]
    = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc{} || end != word.data() + word.size() || value <= 0)
    throw usage_error(std::string{what} + " must be a positive integer, not '"
                      + word + "'");
  return value;
}

double number(const std::string& word, const char* what) {
  try {
    std::size_t used = 0;
    auto value = std::stod(word, &used);
    if (used == word.size())
      return value;
  } catch (const std::exception&) {
    // reported below
  }
  throw usage_error(std::string{what} + " must be a number, not '" + word
                    + "'");
}

/// Optional `key=value` words (e.g. `before=123`): each key must be one of
/// `allowed`; `numeric` keys become positive integers.
json key_values(const args_t& args, std::size_t first,
                const std::vector<std::string>& allowed, bool numeric) {
  auto out = json::object();
  for (auto i = first; i < args.size(); ++i) {
    auto eq = args[i].find('=');
    auto key = args[i].substr(0, eq);
    if (eq == std::string::npos
        || std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      throw usage_error("unexpected '" + args[i] + "' (expected "
                        + joined_from(allowed, 0) + " as key=value)");
    auto value = args[i].substr(eq + 1);
    if (numeric)
      out[key] = positive_id(value, key.c_str());
    else
      out[key] = value;
  }
  return out;
}

const std::vector<std::string> profile_fields{
  "nickname", "email", "phone", "avatar", "location", "bio", "public_key"};

json with_type(const char* type, json params = json::object()) {
  params["type"] = type;
  return params;
}

/// The `kind` and `body` of a message whose text (all words from the
/// second on) or file id (the second word) follows its addressee.
json message_fields(const args_t& args, const std::string& kind) {
  expect_count(args, 2, kind == "text" ? SIZE_MAX : 2);
  json body = kind == "text"
                ? json(joined_from(args, 1))
                : json(std::to_string(positive_id(args[1], "file id")));
  return {{"kind", kind}, {"body", std::move(body)}};
}

json message_to(const args_t& args, const char* kind) {
  auto params = message_fields(args, kind);
  params["to"] = args[0];
  return with_type("send", std::move(params));
}

json group_message(const args_t& args, const char* kind) {
  auto params = message_fields(args, kind);
  params["group_id"] = positive_id(args[0], "group id");
  return with_type("group_send", std::move(params));
}

json history_of(json params, const args_t& args) {
  auto cursors = key_values(args, 1, {"before", "after", "limit"}, true);
  params.update(cursors);
  return with_type("history", std::move(params));
}

/// A page of `friends` (cursor `offset`) or `groups` (cursor `after`).
json page_of(const char* type, const char* cursor, const args_t& args) {
  expect_count(args, 0, 2);
  return with_type(type, key_values(args, 0, {cursor, "limit"}, true));
}

json group_member_change(const char* type, const args_t& args) {
  expect_count(args, 2, 2);
  return with_type(type, {{"group_id", positive_id(args[0], "group id")},
                          {"username", args[1]}});
}

json one_of(const std::string& word, const std::vector<std::string>& choices,
            const char* what) {
  if (std::find(choices.begin(), choices.end(), word) == choices.end())
    throw usage_error(std::string{what} + " must be one of "
                      + joined_from(choices, 0) + ", not '" + word + "'");
  return word;
}

json no_arguments(const char* type, const args_t& args) {
  expect_count(args, 0, 0);
  return with_type(type);
}

std::vector<command_spec> make_table() {
  using k = command_kind;
  return {
    {"help", "[command]", "list the commands, or show one", k::local,
     [](const args_t& a) {
       expect_count(a, 0, 3);
       return json{{"topic", joined_from(a, 0)}};
     }},
    {"quit", "", "leave (interactive mode; end of input does the same)",
     k::local, [](const args_t& a) { return no_arguments("quit", a); }},
    {"register", "<username> [field=value...]",
     "create an account (password asked); fields: nickname, email, phone, "
     "avatar, location, bio, public_key",
     k::account,
     [](const args_t& a) {
       expect_count(a, 1, SIZE_MAX);
       auto params = key_values(a, 1, profile_fields, false);
       params["username"] = a[0];
       return with_type("register", std::move(params));
     }},
    {"login", "<username>", "log in (password asked)", k::account,
     [](const args_t& a) {
       expect_count(a, 1, 1);
       return with_type("login", {{"username", a[0]}});
     }},
    {"logout", "", "end the session", k::request,
     [](const args_t& a) { return no_arguments("logout", a); }},
    {"ping", "", "check the node answers (no login needed)", k::request,
     [](const args_t& a) { return no_arguments("ping", a); }},
    {"token", "", "a token for HTTP calls", k::request,
     [](const args_t& a) { return no_arguments("token", a); }},
    {"user", "<username>", "show a user's public profile", k::request,
     [](const args_t& a) {
       expect_count(a, 1, 1);
       return with_type("get_user", {{"username", a[0]}});
     }},
    {"profile", "<field=value...>", "change your profile fields", k::request,
     [](const args_t& a) {
       expect_count(a, 1, SIZE_MAX);
       return with_type("update_profile",
                        key_values(a, 0, profile_fields, false));
     }},
    {"friends", "[offset=N] [limit=N]",
     "list your friends, a page at a time (the first 500 unless told)",
     k::request,
     [](const args_t& a) { return page_of("friends", "offset", a); }},
    {"friend request", "<username> [note...]", "ask someone to be friends",
     k::request,
     [](const args_t& a) {
       expect_count(a, 1, SIZE_MAX);
       auto params = json{{"username", a[0]}};
       if (a.size() > 1)
         params["note"] = joined_from(a, 1);
       return with_type("friend_request", std::move(params));
     }},
    {"friend accept", "<request_id>", "accept a friend request", k::request,
     [](const args_t& a) {
       expect_count(a, 1, 1);
       return with_type(
         "friend_respond",
         {{"request_id", positive_id(a[0], "request id")}, {"accept", true}});
     }},
    {"friend reject", "<request_id>", "reject a friend request", k::request,
     [](const args_t& a) {
       expect_count(a, 1, 1);
       return with_type(
         "friend_respond",
         {{"request_id", positive_id(a[0], "request id")}, {"accept", false}});
     }},
    {"friend remove", "<username>", "end a friendship", k::request,
     [](const args_t& a) {
       expect_count(a, 1, 1);
       return with_type("friend_remove", {{"username", a[0]}});
     }},
    {"friend list", "[offset=N] [limit=N]", "list your friends (as `friends`)",
     k::request,
     [](const args_t& a) { return page_of("friends", "offset", a); }},
    {"friend requests", "", "list pending friend requests", k::request,
     [](const args_t& a) { return no_arguments("friend_requests", a); }},
    {"send", "<username> <text...>", "send a text", k::request,
     [](const args_t& a) { return message_to(a, "text"); }},
    {"send-image", "<username> <file_id>", "send an uploaded image", k::request,
     [](const args_t& a) { return message_to(a, "image"); }},
    {"send-file", "<username> <file_id>", "send an uploaded file", k::request,
     [](const args_t& a) { return message_to(a, "file"); }},
    {"history", "<username> [before=ID] [after=ID] [limit=N]",
     "messages with a user, oldest first", k::request,
     [](const args_t& a) {
       expect_count(a, 1, 4);
       return history_of({{"with", a[0]}}, a);
     }},
    {"upload", "<path> [content_type=TYPE]",
     "upload a file over HTTP; prints the file id to send", k::transfer,
     [](const args_t& a) {
       expect_count(a, 1, 2);
       auto params = key_values(a, 1, {"content_type"}, false);
       params["path"] = a[0];
       return with_type("upload", std::move(params));
     }},
    {"download", "<file_id> <path>", "save a file sent to you", k::transfer,
     [](const args_t& a) {
       expect_count(a, 2, 2);
       return with_type("download", {{"file_id", positive_id(a[0], "file id")},
                                     {"path", a[1]}});
     }},
    {"presence", "<username>", "is a friend online, and where", k::request,
     [](const args_t& a) {
       expect_count(a, 1, 1);
       return with_type("presence", {{"username", a[0]}});
     }},
    {"location", "<lat> <lon>", "share your location with your friends",
     k::request,
     [](const args_t& a) {
       expect_count(a, 2, 2);
       return with_type("set_location", {{"lat", number(a[0], "lat")},
                                         {"lon", number(a[1], "lon")}});
     }},
    {"groups", "[after=GROUP_ID] [limit=N]",
     "list your groups, a page at a time (the first 500 unless told)",
     k::request, [](const args_t& a) { return page_of("groups", "after", a); }},
    {"group list", "[after=GROUP_ID] [limit=N]",
     "list your groups (as `groups`)", k::request,
     [](const args_t& a) { return page_of("groups", "after", a); }},
    {"group create", "<name...>", "create a group you own", k::request,
     [](const args_t& a) {
       expect_count(a, 1, SIZE_MAX);
       return with_type("group_create", {{"name", joined_from(a, 0)}});
     }},
    {"group add", "<group_id> <username>", "add a member", k::request,
     [](const args_t& a) { return group_member_change("group_add", a); }},
    {"group kick", "<group_id> <username>", "remove a member", k::request,
     [](const args_t& a) { return group_member_change("group_kick", a); }},
    {"group leave", "<group_id>", "leave a group", k::request,
     [](const args_t& a) {
       expect_count(a, 1, 1);
       return with_type("group_leave",
                        {{"group_id", positive_id(a[0], "group id")}});
     }},
    {"group role", "<group_id> <username> admin|member",
     "make a member an admin, or a member again", k::request,
     [](const args_t& a) {
       expect_count(a, 3, 3);
       return with_type("group_set_role",
                        {{"group_id", positive_id(a[0], "group id")},
                         {"username", a[1]},
                         {"role", one_of(a[2], {"admin", "member"}, "role")}});
     }},
    {"group state", "<group_id> normal|muted|admins_only|dissolved",
     "change who may speak (dissolved is final)", k::request,
     [](const args_t& a) {
       expect_count(a, 2, 2);
       return with_type(
         "group_set_state",
         {{"group_id", positive_id(a[0], "group id")},
          {"state",
           one_of(a[1], {"normal", "muted", "admins_only", "dissolved"},
                  "state")}});
     }},
    {"group send", "<group_id> <text...>", "send a text to a group", k::request,
     [](const args_t& a) { return group_message(a, "text"); }},
    {"group send-image", "<group_id> <file_id>", "send an image to a group",
     k::request, [](const args_t& a) { return group_message(a, "image"); }},
    {"group send-file", "<group_id> <file_id>", "send a file to a group",
     k::request, [](const args_t& a) { return group_message(a, "file"); }},
    {"group members", "<group_id>", "list a group's members", k::request,
     [](const args_t& a) {
       expect_count(a, 1, 1);
       return with_type("group_members",
                        {{"group_id", positive_id(a[0], "group id")}});
     }},
    {"group history", "<group_id> [before=ID] [after=ID] [limit=N]",
     "a group's messages, oldest first", k::request,
     [](const args_t& a) {
       expect_count(a, 1, 4);
       return history_of({{"group_id", positive_id(a[0], "group id")}}, a);
     }},
  };
}

/// How many of `words` the name `spec_name` takes, or 0 if it does not
/// match.
std::size_t matched_words(const std::string& spec_name,
                          const std::vector<std::string>& words) {
  auto name_words = split_line(spec_name);
  if (name_words.size() > words.size())
    return 0;
  return std::equal(name_words.begin(), name_words.end(), words.begin())
           ? name_words.size()
           : 0;
}

} // namespace

const std::vector<command_spec>& command_table() {
  static const auto table = make_table();
  return table;
}

parsed_command parse_command(const std::vector<std::string>& words) {
  if (words.empty())
    throw usage_error("no command given (try: help)");
  const command_spec* best = nullptr;
  std::size_t best_length = 0;
  for (auto& spec : command_table()) {
    auto length = matched_words(spec.name, words);
    if (length > best_length) {
      best = &spec;
      best_length = length;
    }
  }
  if (best == nullptr)
    throw usage_error("unknown command '" + words[0] + "' (try: help)");
  args_t args(words.begin() + static_cast<std::ptrdiff_t>(best_length),
              words.end());
  try {
    return {best->name, best->kind, best->build(args)};
  } catch (const usage_error& e) {
    throw usage_error(std::string{e.what()} + "; usage: " + best->name
                      + (best->arguments.empty() ? "" : " " + best->arguments));
  }
}

std::vector<std::string> split_line(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto c = line[i];
    if (quote != 0) {
      if (c == quote)
        quote = 0;
      else
        word += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word)
        words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0)
    throw usage_error("unterminated quote");
  if (in_word)
    words.push_back(std::move(word));
  return words;
}

std::string help_text(const std::string& topic) {
  std::size_t width = 0;
  for (auto& spec : command_table())
    width = std::max(width, spec.name.size() + 1 + spec.arguments.size());
  std::string text;
  for (auto& spec : command_table()) {
    if (spec.name.compare(0, topic.size(), topic) != 0)
      continue;
    auto head
      = spec.name + (spec.arguments.empty() ? "" : " ") + spec.arguments;
    text += "  " + head + std::string(width - head.size() + 2, ' ')
            + spec.summary + "\n";
  }
  return text;
}

} // namespace troupe::cli
