// Decoding presence and set_location (PROTOCOL.md section 3).

#include "protocol/decoder.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/protocol/decoder_support.hpp"

using namespace troupe::protocol;
using json = nlohmann::json;
using troupe::test::accepted;
using troupe::test::body_as;
using troupe::test::code_of;
using troupe::test::frame;
using troupe::test::non_strings;
using troupe::test::rejected;

// -- presence and set_location ------------------------------------------------

TEST_CASE("decoder decodes presence with a username") {
  auto req = accepted(frame("p-1", "presence", {{"username", "bob"}}));
  CHECK(req.id == "p-1");
  CHECK(body_as<presence_command>(req).username == "bob");
}

TEST_CASE("decoder decodes set_location with fractional and integer "
          "degrees") {
  auto req
    = accepted(frame("l-1", "set_location", {{"lat", 52.52}, {"lon", 13.405}}));
  CHECK(req.id == "l-1");
  auto cmd = body_as<set_location_command>(req);
  CHECK(cmd.lat == 52.52);
  CHECK(cmd.lon == 13.405);
  cmd = body_as<set_location_command>(
    accepted(frame("l-2", "set_location", {{"lat", -33}, {"lon", 151}})));
  CHECK(cmd.lat == -33.0);
  CHECK(cmd.lon == 151.0);
  cmd = body_as<set_location_command>(
    accepted(frame("l-3", "set_location", {{"lat", 0}, {"lon", -0.5}})));
  CHECK(cmd.lat == 0.0);
  CHECK(cmd.lon == -0.5);
}

TEST_CASE("decoder accepts set_location on the boundaries") {
  struct {
    json lat;
    json lon;
  } cases[] = {{90, 180},
               {-90, -180},
               {90.0, -180.0},
               {-90.0, 180.0},
               {89.999999, 179.999999}};
  for (auto& [lat, lon] : cases) {
    auto text = frame("l-4", "set_location", {{"lat", lat}, {"lon", lon}});
    INFO("frame: " << text);
    auto cmd = body_as<set_location_command>(accepted(text));
    CHECK(cmd.lat == lat.get<double>());
    CHECK(cmd.lon == lon.get<double>());
  }
}

TEST_CASE("decoder answers bad_request with the id for set_location out of "
          "range") {
  struct {
    json lat;
    json lon;
  } cases[] = {{90.000001, 0},  {-90.000001, 0},  {91, 0},   {-91, 0},
               {0, 180.000001}, {0, -180.000001}, {0, 181},  {0, -181},
               {1e300, 0},      {0, -1e300},      {180, 90}, {1000, 1000}};
  for (auto& [lat, lon] : cases) {
    auto text = frame("l-5", "set_location", {{"lat", lat}, {"lon", lon}});
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "l-5");
  }
}

TEST_CASE("decoder answers bad_request with the id for set_location "
          "coordinates that are not numbers or are missing") {
  std::vector<json> not_numbers
    = {json("52.5"), json("NaN"), json("Infinity"), json("")};
  for (auto& value : non_strings())
    if (!value.is_number())
      not_numbers.push_back(value);
  for (auto field : {"lat", "lon"}) {
    for (auto& value : not_numbers) {
      auto params = json{{"lat", 1}, {"lon", 2}};
      params[field] = value;
      auto text = frame("l-6", "set_location", params);
      auto err = rejected(text);
      INFO("frame: " << text);
      CHECK(code_of(err) == "bad_request");
      CHECK(err.id == "l-6");
    }
  }
  for (json params : {json::object(), json{{"lat", 1}}, json{{"lon", 2}}}) {
    auto text = frame("l-7", "set_location", params);
    auto err = rejected(text);
    INFO("frame: " << text);
    CHECK(code_of(err) == "bad_request");
    CHECK(err.id == "l-7");
  }
}
