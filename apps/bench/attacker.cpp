#include "apps/bench/attacker.hpp"

#include <boost/asio/post.hpp>

#include "apps/bench/session.hpp"

namespace troupe::bench {

namespace {

/// How often a silent socket looks for the node's close.
constexpr auto poll_interval = std::chrono::milliseconds{200};

} // namespace

attacker::attacker(asio::io_context& ioc, attack_route route,
                   std::size_t at_once, std::size_t in_all)
  : ioc_(ioc), route_(std::move(route)), at_once_(at_once), in_all_(in_all),
    poll_timer_(ioc) {
  // nop
}

attacker::~attacker() = default;

void attacker::start() {
  open_more();
  poll_every_while();
}

void attacker::stop() {
  stopped_ = true;
  poll_timer_.cancel();
  // Closing may end a connection at once, which erases it from `live_`.
  auto live = std::move(live_);
  for (auto& [c, conn] : live)
    conn.close();
}

void attacker::open_more() {
  while (!stopped_ && live_.size() < at_once_ && opened_ < in_all_
         && wants_more()) {
    auto c = opened_++;
    live_[c] = {};
    auto conn = open(c, [weak = weak_from_this(), c] {
      auto self = weak.lock();
      if (!self)
        return;
      self->live_.erase(c);
      // Posted: a connection may end inside `open`, and a refused one
      // must not recurse into the next.
      asio::post(self->ioc_, [weak] {
        if (auto self = weak.lock())
          self->open_more();
      });
    });
    if (live_.count(c) > 0)
      live_[c] = std::move(conn);
  }
}

void attacker::poll_every_while() {
  poll_timer_.expires_after(poll_interval);
  poll_timer_.async_wait([weak = weak_from_this()](error_code ec) {
    auto self = weak.lock();
    if (ec || !self || self->stopped_)
      return;
    // A poll may end a connection, which erases it.
    std::vector<std::function<void()>> polls;
    for (auto& [c, conn] : self->live_)
      if (conn.poll)
        polls.push_back(conn.poll);
    for (auto& poll : polls)
      poll();
    self->poll_every_while();
  });
}

namespace {

/// An attacker whose connections need nothing from each other: `opener`
/// opens connection `c`, counting in `tally`.
class plain_attacker : public attacker {
 public:
  using opener = std::function<live_connection(
    std::size_t c, attack_answers& tally, std::function<void()> ended)>;

  plain_attacker(asio::io_context& ioc, attack_route route, std::size_t at_once,
                 std::size_t in_all, opener open)
    : attacker(ioc, std::move(route), at_once, in_all), open_(std::move(open)) {
    // nop
  }

 protected:
  live_connection open(std::size_t c, std::function<void()> ended) override {
    return open_(c, tally_, std::move(ended));
  }

 private:
  opener open_;
};

class session_attacker : public attacker {
 public:
  session_attacker(asio::io_context& ioc, attack_route route, session_plan plan)
    : attacker(ioc, std::move(route), plan.at_once, plan.in_all),
      plan_(std::move(plan)) {
    // nop
  }

 protected:
  live_connection open(std::size_t c, std::function<void()> ended) override;

  bool wants_more() const override {
    return plan_.window == 0 || sent_ < plan_.requests;
  }

 private:
  /// One connection's state, shared by its handlers.
  struct connection_state {
    std::shared_ptr<session> s;
    attack_answers::clock::time_point opened;
    std::size_t in_flight = 0;
    std::size_t sent = 0;
    bool open = false;
    bool closed_by_us = false;
  };

  void log_in(std::shared_ptr<connection_state> conn,
              const credentials& account);
  void pump(std::shared_ptr<connection_state> conn);
  void close(connection_state& conn);

  session_plan plan_;
  std::size_t sent_ = 0;
};

attacker::live_connection session_attacker::open(std::size_t c,
                                                 std::function<void()> ended) {
  auto account = plan_.account ? plan_.account(c) : std::nullopt;
  // The closer owns the connection's state; its handlers hold it weakly,
  // and it is gone once the connection has ended.
  auto conn = std::make_shared<connection_state>();
  std::weak_ptr<connection_state> weak = conn;
  conn->s = std::make_shared<session>(
    std::make_shared<net::ws_client>(ioc_, route_.server, route_.source),
    account ? account->username : std::string{"attacker"});
  conn->s->connection().on_closed([this, weak, ended](error_code) {
    if (auto conn = weak.lock()) {
      if (conn->open && !conn->closed_by_us)
        tally_.closed_by_node(conn->opened);
      conn->open = false;
    }
    ended();
  });
  conn->s->on_push([this, weak](const json& push) {
    auto conn = weak.lock();
    if (!conn)
      return;
    if (push.value("type", "") == "closing")
      tally_.count("closing:" + push.value("reason", std::string{"?"}));
    else if (push.contains("id") && push["id"].is_number_integer())
      conn->s->ack(push["id"].get<std::int64_t>());
  });
  conn->s->open("/ws", [this, weak, account](bool ok) {
    auto conn = weak.lock();
    if (!conn)
      return;
    if (!ok) {
      // The node closes a socket past its connection caps at once.
      tally_.count("refused");
      return;
    }
    conn->open = true;
    conn->opened = attack_answers::clock::now();
    tally_.count("opened");
    if (account)
      log_in(conn, *account);
    else
      pump(conn);
  });
  return {[this, conn] {
            if (conn->open && !conn->closed_by_us)
              tally_.count("open_at_stop");
            close(*conn);
          },
          nullptr};
}

void session_attacker::log_in(std::shared_ptr<connection_state> conn,
                              const credentials& account) {
  // One after the other: the node may answer requests out of order, and a
  // login must find the account registered.
  std::weak_ptr<connection_state> weak = conn;
  json registration{{"type", "register"},
                    {"username", account.username},
                    {"password", account.password}};
  conn->s->request(
    std::move(registration),
    [this, weak, password = account.password](const json& reply) {
      tally_.count_reply(reply, "register:");
      auto conn = weak.lock();
      if (!conn)
        return;
      json login{{"type", "login"},
                 {"username", conn->s->name()},
                 {"password", password}};
      conn->s->request(std::move(login), [this, weak](const json& reply) {
        tally_.count_reply(reply, "login:");
        auto conn = weak.lock();
        if (!conn)
          return;
        if (reply.value("type", "") == "ok")
          pump(conn);
        else
          close(*conn);
      });
    });
}

void session_attacker::pump(std::shared_ptr<connection_state> conn) {
  std::weak_ptr<connection_state> weak = conn;
  while (conn->open && conn->in_flight < plan_.window && sent_ < plan_.requests
         && (plan_.per_connection == 0 || conn->sent < plan_.per_connection)) {
    auto n = sent_++;
    ++conn->sent;
    ++conn->in_flight;
    conn->s->request(plan_.request(n), [this, weak](const json& reply) {
      tally_.count_reply(reply);
      auto conn = weak.lock();
      if (!conn)
        return;
      --conn->in_flight;
      if (plan_.per_connection > 0 && conn->sent >= plan_.per_connection
          && conn->in_flight == 0)
        return close(*conn);
      pump(conn);
    });
  }
}

void session_attacker::close(connection_state& conn) {
  conn.closed_by_us = true;
  conn.s->connection().close();
}

} // namespace

std::shared_ptr<attacker> make_attacker(asio::io_context& ioc,
                                        attack_route route, silent_plan plan) {
  auto open = [&ioc, route, plan](std::size_t c, attack_answers& tally,
                                  std::function<void()> ended) {
    auto socket = std::make_shared<silent_socket>(ioc, route, tally);
    socket->start(
      plan.account(c), plan.frames,
      [make = plan.frame, c](std::size_t n) { return make(c, n); },
      std::move(ended));
    return attacker::live_connection{[socket] { socket->close(); },
                                     [socket] { socket->poll(); }};
  };
  return std::make_shared<plain_attacker>(ioc, std::move(route), plan.at_once,
                                          plan.in_all, open);
}

std::shared_ptr<attacker> make_attacker(asio::io_context& ioc,
                                        attack_route route, upload_plan plan) {
  auto open = [&ioc, route, plan](std::size_t c, attack_answers& tally,
                                  std::function<void()> ended) {
    auto upload = std::make_shared<held_upload>(ioc, route, tally);
    upload->start(plan.content_length, plan.trickle(c), std::move(ended));
    return attacker::live_connection{[upload] { upload->close(); }, nullptr};
  };
  return std::make_shared<plain_attacker>(ioc, std::move(route), plan.at_once,
                                          plan.in_all, open);
}

std::shared_ptr<attacker> make_attacker(asio::io_context& ioc,
                                        attack_route route, session_plan plan) {
  return std::make_shared<session_attacker>(ioc, std::move(route),
                                            std::move(plan));
}

} // namespace troupe::bench
