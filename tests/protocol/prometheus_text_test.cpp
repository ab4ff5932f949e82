// The Prometheus text exposition format: families, labels and their
// escaping, values, histograms; and the command names metrics label with.

#include "protocol/prometheus_text.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "protocol/decoder.hpp"

using namespace troupe::protocol;

TEST_CASE("a family starts with its HELP and TYPE lines") {
  prometheus_text out;
  out.family("troupe_pushes_sent_total", prometheus_text::kind::counter,
             "Pushes written.\nOnce each, with a \\ and \"quotes\".");
  out.sample("troupe_pushes_sent_total", 42);
  CHECK(out.text()
        == "# HELP troupe_pushes_sent_total Pushes written.\\nOnce each, "
           "with a \\\\ and \"quotes\".\n"
           "# TYPE troupe_pushes_sent_total counter\n"
           "troupe_pushes_sent_total 42\n");
}

TEST_CASE("label values are escaped and samples keep their label order") {
  prometheus_text out;
  out.sample("m", {{"type", "send"}, {"result", "a\"b\\c\nd"}}, 1);
  CHECK(out.text() == "m{type=\"send\",result=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST_CASE("values are written as short as they read back") {
  prometheus_text out;
  out.sample("a", 3);
  out.sample("b", 0.005);
  out.sample("c", 1.0 / 3.0);
  out.sample("d", 123456789012.0);
  CHECK(out.text() == "a 3\nb 0.005\nc 0.3333333333333333\nd 123456789012\n");
}

TEST_CASE("a histogram's buckets are cumulative and end with +Inf") {
  histogram_reading r;
  r.upper_bounds = {0.001, 0.01, 0.1};
  r.bucket_counts = {2, 0, 3};
  r.count = 6; // one above the last bound
  r.sum = 0.75;
  prometheus_text out;
  out.histogram("t_seconds", r);
  CHECK(out.text()
        == "t_seconds_bucket{le=\"0.001\"} 2\n"
           "t_seconds_bucket{le=\"0.01\"} 2\n"
           "t_seconds_bucket{le=\"0.1\"} 5\n"
           "t_seconds_bucket{le=\"+Inf\"} 6\n"
           "t_seconds_sum 0.75\n"
           "t_seconds_count 6\n");
}

TEST_CASE("every decoded command is named by its wire type") {
  limits lim;
  for (auto frame :
       {R"({"id":"1","type":"ping"})", R"({"id":"1","type":"friends"})",
        R"({"id":"1","type":"send","to":"bob","kind":"text","body":"hi"})",
        R"({"id":"1","type":"group_send","group_id":7,"kind":"text",)"
        R"("body":"hi"})",
        R"({"id":"1","type":"presence","username":"bob"})",
        R"({"id":"1","type":"group_members","group_id":7})",
        R"({"type":"ack","id":5})"}) {
    CAPTURE(frame);
    auto decoded = decode_request(frame, lim);
    REQUIRE(std::holds_alternative<request>(decoded));
    auto type = nlohmann::json::parse(frame)["type"].get<std::string>();
    CHECK(command_type_name(std::get<request>(decoded).body.index()) == type);
  }
  CHECK(command_type_name(1000) == "unknown");
}
