#include "apps/bench/session.hpp"

#include <atomic>
#include <random>

namespace troupe::bench {

session::session(std::shared_ptr<net::ws_client> conn, std::string name)
  : conn_(std::move(conn)), name_(std::move(name)) {
  // nop
}

void session::open(const std::string& target,
                   std::function<void(bool)> opened) {
  conn_->on_frame([weak = weak_from_this()](std::string_view frame) {
    if (auto self = weak.lock())
      self->on_frame(frame);
  });
  conn_->open(target,
              [opened = std::move(opened)](error_code ec) { opened(!ec); });
}

std::string session::next_id() {
  // Request ids that store something must never repeat for a user, not
  // even across runs of the bench: the node would answer a repeat with the
  // first answer. Each process prefixes its ids with a random tag, and
  // counts them for all its sessions: a user may have several sessions in
  // one process, one after the other (`hostile` runs its pairs twice).
  static const std::string run_tag = [] {
    std::random_device rd;
    return std::to_string(rd()) + "-";
  }();
  static std::atomic<std::uint64_t> next{1};
  return run_tag + std::to_string(next++);
}

void session::request(json req, reply_handler on_reply) {
  request_with_id(next_id(), std::move(req), std::move(on_reply));
}

void session::request_with_id(const std::string& id, json req,
                              reply_handler on_reply) {
  req["id"] = id;
  waiting_[id] = std::move(on_reply);
  conn_->send(req.dump());
}

void session::ack(std::int64_t id) {
  conn_->send(R"({"type":"ack","id":)" + std::to_string(id) + "}");
}

void session::ack_all_pushes() {
  pushes_ = [this](const json& push) {
    auto id = push.find("id");
    if (id != push.end() && id->is_number_integer())
      ack(id->get<std::int64_t>());
  };
}

void session::login(const std::string& password,
                    std::function<void(bool)> done) {
  request({{"type", "login"}, {"username", name_}, {"password", password}},
          [done = std::move(done)](const json& reply) {
            done(reply.value("type", "") == "ok");
          });
}

void session::on_frame(std::string_view frame) {
  auto msg = json::parse(frame, nullptr, false);
  if (!msg.is_object())
    return;
  auto id = msg.find("id");
  if (id != msg.end() && id->is_string()) {
    auto i = waiting_.find(id->get_ref<const std::string&>());
    if (i != waiting_.end()) {
      auto handler = std::move(i->second);
      waiting_.erase(i);
      handler(msg);
      return;
    }
  }
  if (pushes_)
    pushes_(msg);
}

} // namespace troupe::bench
