#include "apps/bench/attacks.hpp"

#include <iostream>
#include <random>
#include <sstream>

namespace troupe::bench {

namespace {

using json = nlohmann::json;

/// Sizes near the node's default limits: a frame may be 65,536 bytes, a
/// text or note 1,023 characters, a profile field 4,096, an upload 8 MiB.
constexpr std::size_t big_field = 60'000;
constexpr std::size_t unknown_type_chars = 1000;
constexpr std::size_t long_username = 30'000;
constexpr std::size_t note_chars = 1023;
constexpr std::size_t upload_bytes = 8 << 20;

struct kind_name {
  attack_kind kind;
  std::string_view name;
};

constexpr kind_name kind_names[] = {
  {attack_kind::silent, "silent"},
  {attack_kind::history, "history"},
  {attack_kind::pings, "pings"},
  {attack_kind::logins, "logins"},
  {attack_kind::connections, "connections"},
  {attack_kind::friend_notes, "friend_notes"},
  {attack_kind::uploads, "uploads"},
  {attack_kind::long_to, "long_to"},
};

json ping() {
  return {{"type", "ping"}};
}

/// A frame with a fresh id (silent sockets build their frames whole).
std::string with_id(json frame, const std::string& id) {
  frame["id"] = id;
  return frame.dump();
}

silent_plan silent(const attack_target& target, const credentials& own) {
  // Socket 0 of every five logs in and asks for the victim's large
  // profile (~24 KB an answer); the others stay unauthenticated and send
  // 1 KB unknown types (the node once echoed a type whole) with a ping
  // every tenth frame, so that the bad frames in a row never close them.
  silent_plan plan;
  plan.at_once = 5;
  plan.in_all = 20;
  plan.frames = 20'000;
  plan.account = [own](std::size_t c) -> std::optional<credentials> {
    if (c % 5 == 0)
      return own;
    return std::nullopt;
  };
  plan.frame = [victim = target.victim](std::size_t c, std::size_t n) {
    auto id = "s" + std::to_string(n);
    if (c % 5 == 0)
      return with_id({{"type", "get_user"}, {"username", victim}}, id);
    if (n % 10 == 9)
      return with_id(ping(), id);
    return with_id({{"type", std::string(unknown_type_chars, 'u')}}, id);
  };
  return plan;
}

silent_plan history(const attack_target& target, const credentials& own) {
  silent_plan plan;
  plan.in_all = 10;
  plan.frames = 40'000;
  plan.account = [own](std::size_t) { return std::optional{own}; };
  plan.frame = [victim = target.victim](std::size_t, std::size_t n) {
    return with_id({{"type", "history"}, {"with", victim}},
                   "h" + std::to_string(n));
  };
  return plan;
}

session_plan pings() {
  session_plan plan;
  plan.in_all = 20;
  plan.window = 64;
  plan.requests = 1'000'000;
  plan.request = [](std::size_t) { return ping(); };
  return plan;
}

session_plan logins(const attack_target& target, std::size_t index) {
  // In turn: the victim's name, a fresh random valid name, a 30 KB name;
  // every password wrong.
  session_plan plan;
  plan.in_all = 100;
  plan.window = 16;
  plan.requests = 10'000;
  auto random = std::make_shared<std::mt19937>(index);
  plan.request = [victim = target.victim, random](std::size_t n) {
    std::string name;
    if (n % 3 == 0) {
      name = victim;
    } else if (n % 3 == 1) {
      static constexpr char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
      name = "r";
      for (int i = 0; i < 15; ++i)
        name += chars[(*random)() % (sizeof chars - 1)];
    } else {
      name = std::string(long_username, 'l');
    }
    return json{{"type", "login"},
                {"username", name},
                {"password", "wrong-password-" + std::to_string(n)}};
  };
  return plan;
}

session_plan connections() {
  // Held open, unauthenticated, until the node closes them; more than a
  // per-address cap of 512.
  session_plan plan;
  plan.at_once = 600;
  plan.in_all = 2000;
  return plan;
}

session_plan friend_notes(const attack_target& target, std::size_t index) {
  // An account of its own for every request (one request per pair of
  // users), registered from the attacker's address.
  session_plan plan;
  plan.at_once = 4;
  plan.in_all = 3000;
  plan.window = 1;
  plan.requests = 3000;
  plan.per_connection = 1;
  plan.account = [target, index](std::size_t c) {
    return std::optional{credentials{
      target.account_prefix + std::to_string(index) + "n" + std::to_string(c),
      target.password}};
  };
  plan.request = [victim = target.victim](std::size_t) {
    return json{{"type", "friend_request"},
                {"username", victim},
                {"note", std::string(note_chars, 'n')}};
  };
  return plan;
}

upload_plan uploads() {
  upload_plan plan;
  plan.at_once = 100;
  plan.in_all = 1000;
  plan.content_length = upload_bytes;
  plan.trickle = [](std::size_t c) { return c % 2 == 1; };
  return plan;
}

session_plan long_to(const credentials& own) {
  session_plan plan;
  plan.in_all = 50;
  plan.window = 8;
  plan.requests = 2000;
  plan.account = [own](std::size_t) { return std::optional{own}; };
  plan.request = [](std::size_t) {
    return json{{"type", "send"},
                {"to", std::string(big_field, 't')},
                {"kind", "text"},
                {"body", "x"}};
  };
  return plan;
}

} // namespace

const std::vector<attack_kind>& all_attacks() {
  static const std::vector<attack_kind> all = [] {
    std::vector<attack_kind> out;
    for (auto& k : kind_names)
      out.push_back(k.kind);
    return out;
  }();
  return all;
}

std::string_view name_of(attack_kind kind) {
  for (auto& k : kind_names)
    if (k.kind == kind)
      return k.name;
  return "?";
}

std::optional<std::vector<attack_kind>> parse_attacks(const std::string& text) {
  if (text == "all")
    return all_attacks();
  std::vector<attack_kind> out;
  std::istringstream names{text};
  std::string name;
  while (std::getline(names, name, ',')) {
    auto known = false;
    for (auto& k : kind_names)
      if (k.name == name) {
        out.push_back(k.kind);
        known = true;
      }
    if (!known) {
      std::cerr << "troupe-bench: unknown attack '" << name << "'; known:";
      for (auto& k : kind_names)
        std::cerr << ' ' << k.name;
      std::cerr << '\n';
      return std::nullopt;
    }
  }
  if (out.empty())
    return std::nullopt;
  return out;
}

std::shared_ptr<attacker> make_attack(attack_kind kind, std::size_t index,
                                      const attack_target& target,
                                      asio::io_context& ioc,
                                      attack_route route) {
  credentials own{target.account_prefix + std::to_string(index),
                  target.password};
  switch (kind) {
    case attack_kind::silent:
      return make_attacker(ioc, std::move(route), silent(target, own));
    case attack_kind::history:
      return make_attacker(ioc, std::move(route), history(target, own));
    case attack_kind::pings:
      return make_attacker(ioc, std::move(route), pings());
    case attack_kind::logins:
      return make_attacker(ioc, std::move(route), logins(target, index));
    case attack_kind::connections:
      return make_attacker(ioc, std::move(route), connections());
    case attack_kind::friend_notes:
      return make_attacker(ioc, std::move(route), friend_notes(target, index));
    case attack_kind::uploads:
      return make_attacker(ioc, std::move(route), uploads());
    case attack_kind::long_to:
      return make_attacker(ioc, std::move(route), long_to(own));
  }
  return nullptr;
}

} // namespace troupe::bench
