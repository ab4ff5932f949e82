// TLS between nodes (`cluster.tls_*`): nodes whose certificates the
// cluster's CA signed link and carry messages; a node with a certificate of
// another CA, or without TLS, is left out while the cluster serves on; and
// files a link could not use stop the node at start. The CAs and
// certificates are made at run time with the openssl command.

#include <chrono>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "tests/cluster/cluster_fixture.hpp"
#include "tests/integration/helpers.hpp"

using namespace troupe::test;

namespace {

/// Runs the openssl command with `args`; fails the test if it fails.
void openssl(std::vector<std::string> args) {
  args.insert(args.begin(), "/usr/bin/openssl");
  auto quiet = open("/dev/null", O_WRONLY);
  auto pid = spawn_process(args, quiet, quiet);
  close(quiet);
  REQUIRE(wait_for_exit(pid) == 0);
}

/// What `openssl req` needs for a fresh P-256 key.
const std::vector<std::string> new_key{
  "req",    "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
  "-nodes", "-days", "2"};

/// A node's certificate and key.
struct node_files {
  std::string certificate;
  std::string key;
};

/// A private CA in a directory of its own, as an operator would make one.
class private_ca {
 public:
  explicit private_ca(const std::string& name) : dir_(make_temp_dir()) {
    auto args = new_key;
    args.insert(args.end(),
                {"-keyout", key(), "-out", file(), "-subj", "/CN=" + name});
    openssl(args);
  }

  /// The CA's certificate: `cluster.tls_ca`.
  std::string file() const { return dir_ + "/ca.pem"; }

  /// Returns a certificate for `name` this CA signed, with its key.
  node_files issue(const std::string& name) const {
    node_files files{dir_ + "/" + name + ".pem", dir_ + "/" + name + ".key"};
    auto args = new_key;
    args.insert(args.end(),
                {"-keyout", files.key, "-out", files.certificate, "-subj",
                 "/CN=" + name, "-CA", file(), "-CAkey", key(), "-addext",
                 "basicConstraints=critical,CA:FALSE"});
    openssl(args);
    return files;
  }

 private:
  std::string key() const { return dir_ + "/ca.key"; }

  std::string dir_;
};

/// Returns `files.key` encrypted with `passphrase`, in a file beside it.
std::string encrypted_key(const node_files& files,
                          const std::string& passphrase) {
  auto path = files.key + ".encrypted";
  openssl({"pkey", "-in", files.key, "-aes256", "-passout",
           "pass:" + passphrase, "-out", path});
  return path;
}

std::vector<std::string> tls_args(const std::string& certificate,
                                  const std::string& key, const private_ca& ca,
                                  const std::string& passphrase = "") {
  std::vector<std::string> args{"--cluster.tls_certificate=" + certificate,
                                "--cluster.tls_key=" + key,
                                "--cluster.tls_ca=" + ca.file()};
  if (!passphrase.empty())
    args.push_back("--cluster.tls_passphrase=" + passphrase);
  return args;
}

/// Returns the options of cluster node `id` with its cluster port at
/// `port`, and `extra`.
std::vector<std::string> node_args(unsigned id, std::uint16_t port,
                                   const std::vector<std::string>& extra) {
  auto args = cluster_args(id, port);
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

/// Starts cluster node `id` on `store` with `files`, from `ca`.
node_process tls_node(const node_process::shared_store& store, unsigned id,
                      const node_files& files, const private_ca& ca) {
  return node_process{
    store,
    node_args(id, free_tcp_port(), tls_args(files.certificate, files.key, ca))};
}

double linked_peers(const node_process& node) {
  return metric(node.port(), "troupe_cluster_peers_linked");
}

double links_lost(const node_process& node) {
  return metric(node.port(), "troupe_cluster_links_lost_total");
}

/// Returns the lines of `log` that contain `text`.
std::vector<std::string> lines_with(const std::string& log,
                                    const std::string& text) {
  std::vector<std::string> found;
  std::size_t start = 0;
  while (start < log.size()) {
    auto end = log.find('\n', start);
    if (end == std::string::npos)
      end = log.size();
    auto line = log.substr(start, end - start);
    if (line.find(text) != std::string::npos)
      found.push_back(line);
    start = end + 1;
  }
  return found;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("nodes with certificates of the cluster's CA link over TLS, and a "
          "message crosses them live") {
  private_ca ca{"Troupe test CA"};
  auto files0 = ca.issue("node0");
  auto files1 = ca.issue("node1");
  node_process::shared_store store{
    test_backend::from_environment().fresh_store_args(make_temp_dir())};
  auto node0 = tls_node(store, 0, files0, ca);
  // Node 1's key is encrypted: the passphrase reaches each new link.
  node_process node1{
    store,
    node_args(1, free_tcp_port(),
              tls_args(files1.certificate, encrypted_key(files1, "open sesame"),
                       ca, "open sesame"))};
  for (auto* node : {&node0, &node1}) {
    CHECK(contains(node->log(), " over TLS"));
    CHECK(linked_peers(*node) == 1);
  }
  auto alice = logged_in(node0.port(), "alice");
  auto bob = logged_in(node1.port(), "bob");
  make_friends(alice, "alice", bob, "bob");
  auto sent = send_text(alice, "bob", "sealed");
  auto got = bob.next_push("message");
  CHECK(got["id"] == sent["msg_id"]);
  CHECK(got["body"] == "sealed");
  bob.ack(got);
  send_text(bob, "alice", "and back");
  CHECK(alice.next_push("message")["body"] == "and back");
}

TEST_CASE("a node with a certificate of another CA, a node without TLS and "
          "a bare TCP probe are refused; the cluster's own links hold") {
  private_ca ca{"Troupe test CA"};
  private_ca other_ca{"Another CA"};
  node_process::shared_store store{
    test_backend::from_environment().fresh_store_args(make_temp_dir())};
  auto files0 = ca.issue("node0");
  auto port0 = free_tcp_port();
  // Node 0 renews its lease, and dials the nodes it is not linked to, every
  // third of a second.
  auto args0 = tls_args(files0.certificate, files0.key, ca);
  args0.push_back("--cluster.lease=1s");
  node_process node0{store, node_args(0, port0, args0)};
  auto node1 = tls_node(store, 1, ca.issue("node1"), ca);
  {
    // Not a TLS client: a handshake node 0 fails.
    raw_connection probe{port0};
    probe.send("GET / HTTP/1.1\r\n\r\n");
  }
  // Its own certificate is good for its own CA: it starts, and is refused.
  auto stranger = tls_node(store, 2, other_ca.issue("stranger"), other_ca);
  node_process plain{store, node_args(3, free_tcp_port(), {})};
  // Each dialled every live node once before it served.
  for (auto* outsider : {&stranger, &plain}) {
    auto log = outsider->log();
    CHECK(contains(log, "cannot link to node 0"));
    CHECK(contains(log, "cannot link to node 1"));
    CHECK(linked_peers(*outsider) == 0);
  }
  CHECK(contains(stranger.log(), "the TLS handshake failed"));
  auto alice = logged_in(node0.port(), "alice");
  auto bob = logged_in(node1.port(), "bob");
  make_friends(alice, "alice", bob, "bob");
  send_text(alice, "bob", "still here");
  CHECK(bob.next_push("message")["body"] == "still here");
  // Node 0 dials the stranger at every lease renewal: the first failure is
  // a warning, the repeats only debug lines.
  const std::string about_stranger = "cluster: cannot link to node 2 ";
  auto deadline = std::chrono::steady_clock::now() + io_deadline;
  while (lines_with(node0.log(), about_stranger).size() < 3
         && std::chrono::steady_clock::now() < deadline) {
    // Read the log again.
  }
  auto failures = lines_with(node0.log(), about_stranger);
  REQUIRE(failures.size() >= 3);
  CHECK(contains(failures.front(), "WARN  " + about_stranger));
  for (std::size_t i = 1; i < failures.size(); ++i) {
    CHECK(contains(failures[i], "DEBUG " + about_stranger));
    CHECK(contains(failures[i], "(again)"));
  }
  // Every refused handshake left node 0 and node 1 linked as they were.
  for (auto* member : {&node0, &node1}) {
    CHECK(linked_peers(*member) == 1);
    CHECK(links_lost(*member) == 0);
  }
}

TEST_CASE("TLS files a link could not use stop the node at start") {
  private_ca ca{"Troupe test CA"};
  auto files0 = ca.issue("node0");
  auto files1 = ca.issue("node1");
  auto locked_key = encrypted_key(files0, "right");
  struct bad_case {
    std::vector<std::string> tls;
    std::string says;
  };
  std::vector<bad_case> cases{
    {tls_args(files0.certificate, files1.key, ca),
     "cluster.tls_key: '" + files1.key + "' is not the key of "
       + "cluster.tls_certificate"},
    {tls_args(files0.certificate, locked_key, ca, "wrong"),
     "cluster.tls_key: cannot read a private key from '" + locked_key
       + "' with cluster.tls_passphrase"},
    {tls_args(files0.certificate, locked_key, ca),
     "set cluster.tls_passphrase"},
  };
  for (auto& c : cases) {
    INFO(c.says);
    std::vector<std::string> args{"--storage.backend=mariadb",
                                  "--auth.secret=integration-test-secret"};
    for (auto& arg : node_args(0, free_tcp_port(), c.tls))
      args.push_back(arg);
    auto run = run_node_to_exit(args);
    CHECK(run.status == 2);
    CHECK(contains(run.stderr_text, c.says));
  }
}
