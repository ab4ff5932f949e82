// Start-up: a bad configuration stops the node with a message that names
// the option, and the shipped conf/troupe.ini is accepted as it is.

#include <fstream>

#include "tests/integration/helpers.hpp"
#include "tests/support/node_process.hpp"

using namespace troupe::test;

namespace {

std::string write_config(const std::string& text) {
  auto path = make_temp_dir() + "/troupe.ini";
  std::ofstream{path} << text;
  return path;
}

} // namespace

TEST_CASE("an unknown option on the command line stops the node") {
  auto run = run_node_to_exit({"--net.bogus=1"});
  CHECK(run.status == 2);
  CHECK(run.stderr_text.find("net.bogus") != std::string::npos);
}

TEST_CASE("an unknown option in the file stops the node") {
  auto run = run_node_to_exit(
    {"--config", write_config("[net]\nport = 0\ncolour = \"blue\"\n")});
  CHECK(run.status == 2);
  CHECK(run.stderr_text.find("net.colour") != std::string::npos);
}

TEST_CASE("a bad value stops the node and names the option") {
  struct bad_case {
    std::string ini;
    std::string option;
  };
  std::vector<bad_case> cases{
    {"[net]\nport = 70000\n", "net.port"},
    {"[net]\nport = abc\n", "net.port"},
    {"[delivery]\nresend_interval = 15\n", "delivery.resend_interval"},
    {"[limits]\nmax_frame_bytes = -5\n", "limits.max_frame_bytes"},
    {"[storage]\nbackend = \"oracle\"\n", "storage.backend"},
    {"[presence]\nshare_address = maybe\n", "presence.share_address"},
    {"[auth]\npassword_hash = \"cheap\"\n", "auth.password_hash"},
    {"[heartbeat]\ntimeout = 0s\n", "heartbeat.timeout"},
  };
  for (auto& c : cases) {
    INFO(c.ini);
    auto run = run_node_to_exit({"--config", write_config(c.ini)});
    CHECK(run.status == 2);
    CHECK(run.stderr_text.find(c.option) != std::string::npos);
  }
}

TEST_CASE("a missing config file stops the node") {
  auto run = run_node_to_exit({"--config", "/nonexistent/troupe.ini"});
  CHECK(run.status == 2);
  CHECK(run.stderr_text.find("/nonexistent/troupe.ini") != std::string::npos);
}

TEST_CASE("unquoted strings and # comments are accepted in the file") {
  auto dir = make_temp_dir();
  auto path = write_config("# a comment\n[net]\nhost = 127.0.0.1 ; local\n"
                           "port = 0\n[storage]\nbackend = sqlite\n"
                           "sqlite_path = "
                           + dir + "/t.db\n[auth]\npassword_hash = minimal\n");
  // The node starts (and stops) cleanly: no config error.
  auto args = std::vector<std::string>{"--config", path};
  node_process node{args};
  ws_client c{node.port()};
  CHECK(ok_data(c.call("ping"))["time"].is_number());
  CHECK(node.stop() == 0);
}

TEST_CASE("a node without auth.secret warns and still serves") {
  node_process node{{"--auth.secret=\"\""}};
  CHECK(node.log().find("auth.secret is not set") != std::string::npos);
  ws_client c{node.port()};
  CHECK(ok_data(c.call("ping"))["time"].is_number());
}

TEST_CASE("a port in use stops the second node with a message, not a crash") {
  node_process first;
  auto dir = make_temp_dir();
  auto run = run_node_to_exit(
    {"--net.host=127.0.0.1", "--net.port=" + std::to_string(first.port()),
     "--storage.sqlite_path=" + dir + "/t.db", "--auth.password_hash=minimal"});
  CHECK(run.status == 1);
  CHECK(run.stderr_text.find("cannot listen on 127.0.0.1:"
                             + std::to_string(first.port()))
        != std::string::npos);
}

TEST_CASE("a cluster option without what a cluster needs stops the node") {
  struct bad_case {
    std::string ini;
    std::string says;
  };
  std::vector<bad_case> cases{
    {"[cluster]\nport = 7100\n", "needs storage.backend = mariadb"},
    {"[storage]\nbackend = mariadb\n[auth]\nsecret = \"\"\n"
     "[cluster]\nport = 7100\n",
     "needs auth.secret"},
    {"[storage]\nbackend = mariadb\n[auth]\nsecret = s3cret\n"
     "[cluster]\nport = 7100\nhost = 0.0.0.0\n",
     "cluster.host"},
    {"[storage]\nbackend = mariadb\n[auth]\nsecret = s3cret\n"
     "[cluster]\nport = 7100\nheartbeat_interval = 2s\n"
     "connection_timeout = 1s\n",
     "cluster.connection_timeout"},
  };
  for (auto& c : cases) {
    INFO(c.ini);
    auto run = run_node_to_exit({"--config", write_config(c.ini)});
    CHECK(run.status == 2);
    CHECK(run.stderr_text.find(c.says) != std::string::npos);
  }
}

TEST_CASE("a cluster's TLS files are all three or none, and readable") {
  const std::string cluster = "[storage]\nbackend = mariadb\n[auth]\n"
                              "secret = s3cret\n[cluster]\nport = 7100\n";
  struct bad_case {
    std::string tls;
    std::string says;
  };
  std::vector<bad_case> cases{
    {"tls_certificate = node.pem\n", "cluster.tls_key is not set"},
    {"tls_certificate = node.pem\ntls_key = node.key\n",
     "cluster.tls_ca is not set"},
    {"tls_key = node.key\ntls_ca = ca.pem\n",
     "cluster.tls_certificate is not set"},
    {"tls_passphrase = open sesame\n",
     "cluster.tls_passphrase is set, but not cluster.tls_key"},
    {"tls_certificate = /nonexistent/node.pem\ntls_key = node.key\n"
     "tls_ca = ca.pem\n",
     "cluster.tls_certificate: cannot read a certificate from "
     "'/nonexistent/node.pem'"},
  };
  for (auto& c : cases) {
    INFO(c.tls);
    auto run = run_node_to_exit({"--config", write_config(cluster + c.tls)});
    CHECK(run.status == 2);
    CHECK(run.stderr_text.find(c.says) != std::string::npos);
  }
}
