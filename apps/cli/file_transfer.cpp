#include "apps/cli/file_transfer.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <map>

#include "net/http_client.hpp"

namespace troupe::cli {

namespace {

json ok_reply(json data) {
  return {{"type", "ok"}, {"data", std::move(data)}};
}

/// The node's HTTP error body ({code, message}) as a reply frame.
json error_reply(const net::http_exchange_result& res) {
  auto body = json::parse(res.body, nullptr, false);
  auto code = body.is_object() ? body.value("code", "internal") : "internal";
  auto message = body.is_object() ? body.value("message", "") : res.body;
  return {{"type", "error"},
          {"code", code},
          {"message", "HTTP " + std::to_string(res.status) + ": " + message}};
}

net::http_exchange_result
call(const server_address& server, const std::string& method,
     const std::string& target, const std::string& body,
     std::vector<std::pair<std::string, std::string>> headers,
     std::chrono::milliseconds timeout) {
  try {
    return net::http_exchange(server.host, server.port, method, target, body,
                              headers, timeout);
  } catch (const std::runtime_error& e) {
    throw connection_error(e.what());
  }
}

json upload(const json& frame, const std::string& token,
            const server_address& server, std::chrono::milliseconds timeout) {
  auto path = frame.at("path").get<std::string>();
  std::ifstream in{path, std::ios::binary};
  if (!in)
    throw usage_error("cannot read " + path);
  std::string bytes{std::istreambuf_iterator<char>{in}, {}};
  auto type = frame.value("content_type", guess_content_type(path));
  auto res = call(
    server, "POST", "/api/files", bytes,
    {{"Authorization", "Bearer " + token}, {"Content-Type", type}}, timeout);
  if (res.status != 201)
    return error_reply(res);
  auto data = json::parse(res.body, nullptr, false);
  if (!data.is_object())
    throw connection_error("the node's answer is not JSON: " + res.body);
  data["path"] = path;
  data["content_type"] = type;
  return ok_reply(std::move(data));
}

json download(const json& frame, const std::string& token,
              const server_address& server, std::chrono::milliseconds timeout) {
  auto id = frame.at("file_id").get<std::int64_t>();
  auto path = frame.at("path").get<std::string>();
  auto res = call(server, "GET", "/api/files/" + std::to_string(id), {},
                  {{"Authorization", "Bearer " + token}}, timeout);
  if (res.status != 200)
    return error_reply(res);
  std::ofstream out{path, std::ios::binary | std::ios::trunc};
  out.write(res.body.data(), static_cast<std::streamsize>(res.body.size()));
  if (!out.flush())
    throw usage_error("cannot write " + path);
  return ok_reply({{"file_id", id},
                   {"path", path},
                   {"size", res.body.size()},
                   {"content_type", res.content_type}});
}

} // namespace

std::string guess_content_type(const std::string& path) {
  static const std::map<std::string, std::string> by_extension{
    {"gif", "image/gif"},       {"jpeg", "image/jpeg"},
    {"jpg", "image/jpeg"},      {"json", "application/json"},
    {"pdf", "application/pdf"}, {"png", "image/png"},
    {"svg", "image/svg+xml"},   {"txt", "text/plain"},
    {"webp", "image/webp"},     {"zip", "application/zip"}};
  auto dot = path.rfind('.');
  auto slash = path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
    return "application/octet-stream";
  auto extension = path.substr(dot + 1);
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  auto i = by_extension.find(extension);
  return i != by_extension.end() ? i->second : "application/octet-stream";
}

json run_transfer(const parsed_command& command, connection& session,
                  const server_address& server,
                  std::chrono::milliseconds timeout) {
  auto token = session.request({{"type", "token"}});
  if (token.value("type", "") != "ok")
    return token;
  auto value = token["data"].value("token", std::string{});
  if (command.frame.value("type", "") == "upload")
    return upload(command.frame, value, server, timeout);
  return download(command.frame, value, server, timeout);
}

} // namespace troupe::cli
