// troupe-cli's upload and download (HTTP, with a token from the session)
// against a real node, on the backend CTest chose.

#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "tests/cli/cli_helpers.hpp"

using namespace troupe::test::cli_helpers;

TEST_CASE("files: upload, send-file, and the recipient downloads it") {
  node_process node;
  register_friends(node, "alice", "bob");
  auto dir = troupe::test::make_temp_dir();
  const std::string content{"notes\n\0\xff binary too", 20};
  {
    std::ofstream out{dir + "/notes.txt", std::ios::binary};
    out << content;
  }
  auto uploaded = json_of(
    cli(node, {"--user", "alice", "--json", "upload", dir + "/notes.txt"}));
  CHECK(uploaded["size"] == content.size());
  CHECK(uploaded["content_type"] == "text/plain");
  auto file_id = uploaded["file_id"].dump();
  REQUIRE(cli(node, {"--user", "alice", "send-file", "bob", file_id}).status
          == 0);

  auto saved
    = cli(node, {"--user", "bob", "download", file_id, dir + "/copy.txt"});
  INFO(saved.err);
  REQUIRE(saved.status == 0);
  CHECK(saved.out.find("saved file #" + file_id) != std::string::npos);
  CHECK(troupe::test::read_file(dir + "/copy.txt") == content);

  SUBCASE("a file nobody sent you is no_such_file") {
    REQUIRE(cli(node, {"register", "mallory"}).status == 0);
    auto r = cli(node, {"--user", "mallory", "--json", "download", file_id,
                        dir + "/stolen"});
    CHECK(r.status == 1);
    CHECK(json_of(r)["code"] == "no_such_file");
  }
  SUBCASE("a file that cannot be read is a usage error") {
    auto r = cli(node, {"--user", "alice", "upload", dir + "/missing"});
    CHECK(r.status == 2);
    CHECK(r.err.find("cannot read") != std::string::npos);
  }
}
