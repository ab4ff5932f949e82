// Decoding the account commands (PROTOCOL.md section 3): ping, logout and
// token, register and login with their username and password rules,
// get_user, and the profile fields of register and update_profile.

#include "protocol/decoder.hpp"

#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/protocol/decoder_support.hpp"

using namespace troupe::protocol;
using json = nlohmann::json;
using troupe::test::accepted;
using troupe::test::body_as;
using troupe::test::code_of;
using troupe::test::e_acute;
using troupe::test::euro;
using troupe::test::frame;
using troupe::test::grin;
using troupe::test::non_strings;
using troupe::test::registration;
using troupe::test::rejected;
using troupe::test::repeat;

namespace {

const char* profile_names[]
  = {"nickname", "email", "phone", "avatar", "location", "bio", "public_key"};

} // namespace

// -- the commands -------------------------------------------------------------

TEST_CASE("decoder decodes commands without parameters") {
  body_as<ping_command>(accepted(frame("1", "ping")));
  body_as<logout_command>(accepted(frame("2", "logout")));
  body_as<token_command>(accepted(frame("3", "token")));
}

TEST_CASE("decoder decodes register with username and password") {
  auto req = accepted(
    frame("r-1", "register", registration("alice", "correct horse")));
  CHECK(req.id == "r-1");
  auto reg = body_as<register_command>(req);
  CHECK(reg.username == "alice");
  CHECK(reg.password == "correct horse");
  CHECK(reg.profile.empty());
}

TEST_CASE("decoder decodes login with username and password") {
  auto req = accepted(
    frame("l-1", "login", {{"username", "alice"}, {"password", "pw"}}));
  CHECK(req.id == "l-1");
  auto login = body_as<login_command>(req);
  CHECK(login.username == "alice");
  CHECK(login.password == "pw");
}

TEST_CASE("decoder decodes get_user with a username") {
  auto req = accepted(frame("g-1", "get_user", {{"username", "bob"}}));
  CHECK(body_as<get_user_command>(req).username == "bob");
}

TEST_CASE("decoder decodes update_profile with no fields as an empty "
          "update") {
  auto req = accepted(frame("u-1", "update_profile"));
  CHECK(body_as<update_profile_command>(req).profile.empty());
}

TEST_CASE("decoder ignores unknown extra fields") {
  json extra{{"extra", 1},
             {"nested", {{"deep", {1, 2, 3}}}},
             {"note", nullptr},
             {"to", "bob"}};
  body_as<ping_command>(accepted(frame("e-1", "ping", extra)));
  auto with_creds = extra;
  with_creds.update(registration("alice", "correct horse"));
  auto reg
    = body_as<register_command>(accepted(frame("e-2", "register", with_creds)));
  CHECK(reg.username == "alice");
  CHECK(reg.profile.empty());
  auto login
    = body_as<login_command>(accepted(frame("e-3", "login", with_creds)));
  CHECK(login.username == "alice");
  extra["username"] = "bob";
  CHECK(body_as<get_user_command>(accepted(frame("e-4", "get_user", extra)))
          .username
        == "bob");
  CHECK(body_as<update_profile_command>(
          accepted(frame("e-5", "update_profile", extra)))
          .profile.empty());
}

// -- register: usernames and passwords ----------------------------------------

TEST_CASE("decoder answers invalid_username for usernames outside the "
          "rules") {
  for (auto name :
       {std::string{"Alice"}, std::string{"ALICE"}, std::string{"al ice"},
        std::string{"alice "}, std::string{"al@ice"}, std::string{"al:ice"},
        std::string{"al+ice"}, std::string{"j"} + e_acute + "r",
        repeat(e_acute, 3), std::string{"ab"}, std::string{""},
        std::string(33, 'a'), std::string{"bob"} + grin}) {
    auto text = frame("n-1", "register", registration(name, "correct horse"));
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "invalid_username");
    CHECK(err.id == "n-1");
  }
}

TEST_CASE("decoder accepts usernames of 3 and 32 allowed characters") {
  for (auto name :
       {std::string{"abc"}, std::string(32, 'z'), std::string{"a_b.c-9"},
        std::string{"0.0"}, std::string{"abcdefghijklmnopqrstuvwxyz012345"}}) {
    auto reg = body_as<register_command>(
      accepted(frame("n-2", "register", registration(name, "correct horse"))));
    CHECK(reg.username == name);
  }
}

TEST_CASE("decoder answers weak_password for 7 and 129 characters") {
  for (auto pw : {std::string(7, 'p'), std::string(129, 'p'), std::string{""},
                  repeat(grin, 7), repeat(grin, 129), repeat(e_acute, 129)}) {
    auto err = rejected(frame("p-1", "register", registration("alice", pw)));
    INFO("password bytes: " << pw.size());
    CHECK(code_of(err) == "weak_password");
    CHECK(err.id == "p-1");
  }
}

TEST_CASE("decoder accepts passwords of 8 and 128 characters") {
  for (auto pw : {std::string(8, 'p'), std::string(128, 'p'), repeat(grin, 8),
                  repeat(grin, 128), repeat(euro, 100) + "12345678"}) {
    auto reg = body_as<register_command>(
      accepted(frame("p-2", "register", registration("alice", pw))));
    CHECK(reg.password == pw);
  }
}

TEST_CASE("decoder does not check the username or password format on "
          "login") {
  // A wrong username or a short password is just a failed login later
  // (auth_failed), never a hint about the registration rules.
  auto login = body_as<login_command>(accepted(
    frame("l-2", "login", {{"username", "Not A Name!"}, {"password", "x"}})));
  CHECK(login.username == "Not A Name!");
  CHECK(login.password == "x");
  login = body_as<login_command>(
    accepted(frame("l-3", "login", {{"username", ""}, {"password", ""}})));
  CHECK(login.username.empty());
}

// -- profile fields -----------------------------------------------------------

TEST_CASE("decoder reads every optional profile field of update_profile") {
  json params;
  for (auto name : profile_names)
    params[name] = std::string{"value of "} + name;
  auto update = body_as<update_profile_command>(
                  accepted(frame("f-1", "update_profile", params)))
                  .profile;
  for_each_profile_field([&](profile_field f) {
    auto name = std::string{to_string(f)};
    INFO(name);
    REQUIRE(update[f].has_value());
    CHECK(*update[f] == "value of " + name);
  });
}

TEST_CASE("decoder reads the profile fields of register") {
  auto params = registration("alice", "correct horse");
  for (auto name : profile_names)
    params[name] = std::string{name} + "!";
  auto reg
    = body_as<register_command>(accepted(frame("f-2", "register", params)));
  for_each_profile_field([&](profile_field f) {
    auto name = std::string{to_string(f)};
    INFO(name);
    REQUIRE(reg.profile[f].has_value());
    CHECK(*reg.profile[f] == name + "!");
  });
}

TEST_CASE("decoder leaves absent profile fields unset") {
  auto update = body_as<update_profile_command>(
                  accepted(frame("f-3", "update_profile",
                                 {{"bio", "hi"}, {"phone", "+1 555"}})))
                  .profile;
  CHECK(update[profile_field::bio] == "hi");
  CHECK(update[profile_field::phone] == "+1 555");
  CHECK_FALSE(update[profile_field::nickname].has_value());
  CHECK_FALSE(update[profile_field::email].has_value());
  CHECK_FALSE(update[profile_field::avatar].has_value());
  CHECK_FALSE(update[profile_field::location].has_value());
  CHECK_FALSE(update[profile_field::public_key].has_value());
}

TEST_CASE("decoder answers bad_request with the id for a non-string profile "
          "field") {
  for (auto name : profile_names) {
    for (auto& value : non_strings()) {
      json params{{name, value}};
      auto text = frame("f-4", "update_profile", params);
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "f-4");
      params.update(registration("alice", "correct horse"));
      text = frame("f-5", "register", params);
      err = rejected(text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "f-5");
    }
  }
}

TEST_CASE("decoder answers too_long with the id for a profile field over "
          "the limit") {
  limits lim;
  lim.max_profile_chars = 5;
  for (auto name : profile_names) {
    INFO(name);
    auto err
      = rejected(frame("t-1", "update_profile", {{name, "123456"}}), lim);
    CHECK(code_of(err) == "too_long");
    CHECK(err.id == "t-1");
    auto params = registration("alice", "correct horse");
    params[name] = repeat(grin, 6);
    err = rejected(frame("t-2", "register", params), lim);
    CHECK(code_of(err) == "too_long");
    CHECK(err.id == "t-2");
  }
}

TEST_CASE("decoder accepts a profile field of exactly the limit in code "
          "points") {
  limits lim;
  lim.max_profile_chars = 5;
  for (auto value : {std::string{"12345"}, repeat(grin, 5),
                     repeat(e_acute, 2) + repeat(euro, 3), std::string{""}}) {
    INFO("bytes: " << value.size());
    auto update
      = body_as<update_profile_command>(
          accepted(frame("t-3", "update_profile", {{"bio", value}}), lim))
          .profile;
    CHECK(update[profile_field::bio] == value);
  }
}

TEST_CASE("decoder applies the default profile limit") {
  limits lim;
  auto at_limit = std::string(lim.max_profile_chars, 'b');
  auto update = body_as<update_profile_command>(
                  accepted(frame("t-4", "update_profile", {{"bio", at_limit}})))
                  .profile;
  CHECK(update[profile_field::bio] == at_limit);
  auto err
    = rejected(frame("t-5", "update_profile", {{"bio", at_limit + "b"}}));
  CHECK(code_of(err) == "too_long");
}
