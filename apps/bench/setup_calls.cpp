#include "apps/bench/setup_calls.hpp"

#include <chrono>
#include <future>
#include <iostream>

namespace troupe::bench {

namespace {

/// How long one set-up request may take before the run gives up.
constexpr auto call_timeout = std::chrono::seconds{60};

} // namespace

json call(client_pool& pool, std::size_t index, std::shared_ptr<session> s,
          json req) {
  // Shared: the reply may come after a timeout gave up on it.
  auto reply = std::make_shared<std::promise<json>>();
  auto answered = reply->get_future();
  pool.post(index, [s, reply, req = std::move(req)]() mutable {
    s->request(std::move(req), [reply](const json& r) { reply->set_value(r); });
  });
  if (answered.wait_for(call_timeout) != std::future_status::ready)
    return nullptr;
  return answered.get();
}

bool open(client_pool& pool, std::size_t index, std::shared_ptr<session> s) {
  auto opened = std::make_shared<std::promise<bool>>();
  auto done = opened->get_future();
  pool.post(index, [s, opened] {
    s->open("/ws", [opened](bool ok) { opened->set_value(ok); });
  });
  return done.wait_for(call_timeout) == std::future_status::ready && done.get();
}

bool log_in(client_pool& pool, std::size_t index, std::shared_ptr<session> s,
            const std::string& password) {
  if (!open(pool, index, s))
    return false;
  auto reply = call(
    pool, index, s,
    {{"type", "login"}, {"username", s->name()}, {"password", password}});
  return reply.value("type", "") == "ok";
}

void say_refused(const std::string& what, const json& reply) {
  std::cerr << "troupe-bench: " << what << ": " << reply.dump() << '\n';
}

} // namespace troupe::bench
