#include "apps/bench/population.hpp"

#include <atomic>
#include <iostream>

#include "apps/bench/progress_bar.hpp"

namespace troupe::bench {

namespace {

/// Whether a reply is ok, or one of the errors that mean "done already".
bool ok_or(const json& reply, std::initializer_list<const char*> fine) {
  if (reply.value("type", "") == "ok")
    return true;
  auto code = reply.value("code", "");
  for (auto f : fine)
    if (code == f)
      return true;
  return false;
}

void say_refused(const std::string& what, const json& reply) {
  static std::atomic<int> said{0};
  if (said++ < 3)
    std::cerr << "troupe-bench: " << what << ": " << reply.dump() << '\n';
}

} // namespace

std::size_t
run_limited(client_pool& pool, std::size_t n, std::size_t concurrency,
            const std::string& label,
            std::function<void(std::size_t, std::function<void(bool)>)> job,
            thread_map thread_of) {
  countdown left{n};
  auto next = std::make_shared<std::atomic<std::size_t>>(0);
  auto shared_job = std::make_shared<decltype(job)>(std::move(job));
  // Each finished job starts the next one: `concurrency` run at any time.
  auto launch = std::make_shared<std::function<void()>>();
  *launch = [&pool, n, next, shared_job, &left, launch, thread_of] {
    auto i = (*next)++;
    if (i >= n)
      return;
    pool.post(thread_of(i), [i, shared_job, &left, launch] {
      (*shared_job)(i, [&left, launch](bool ok) {
        // Launch the next job first: once the count is done, the caller
        // may tear the launcher down.
        (*launch)();
        left.done(ok);
      });
    });
  };
  for (std::size_t i = 0; i < std::min(n, concurrency); ++i)
    (*launch)();
  progress_bar bar{label, n};
  while (!left.finished())
    bar.update(left.wait_for(100));
  bar.finish();
  // Break the cycle between the launcher and its own captures.
  *launch = nullptr;
  return left.failed();
}

std::vector<std::string> user_names(const std::string& prefix, std::size_t n) {
  std::vector<std::string> names;
  names.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    names.push_back(prefix + std::to_string(i));
  return names;
}

bool prepare_users(client_pool& pool, const std::vector<std::string>& names,
                   const std::string& password, bool befriend,
                   std::size_t concurrency) {
  auto failed = run_limited(
    pool, names.size(), concurrency, "register",
    [&](std::size_t i, std::function<void(bool)> done) {
      auto s = pool.make_session(i, names[i], i);
      s->open("/ws", [s, &password, done](bool opened) {
        if (!opened)
          return done(false);
        s->request({{"type", "register"},
                    {"username", s->name()},
                    {"password", password}},
                   [s, done](const json& reply) {
                     auto ok = ok_or(reply, {"username_taken"});
                     if (!ok)
                       say_refused("register " + s->name(), reply);
                     s->connection().close();
                     done(ok);
                   });
      });
    });
  if (failed > 0) {
    std::cerr << "troupe-bench: " << failed << " users could not register\n";
    return false;
  }
  if (!befriend)
    return true;
  // Each asks the other: the second request accepts the first.
  failed = run_limited(
    pool, names.size() / 2, concurrency, "befriend",
    [&](std::size_t k, std::function<void(bool)> done) {
      auto a = pool.make_session(k, names[2 * k], pair_node(2 * k));
      auto b = pool.make_session(k, names[2 * k + 1], pair_node(2 * k + 1));
      auto finish = [a, b, done](bool ok) {
        a->connection().close();
        b->connection().close();
        done(ok);
      };
      auto ask = [finish](std::shared_ptr<session> from, const std::string& to,
                          std::function<void()> then) {
        from->request(
          {{"type", "friend_request"}, {"username", to}},
          [from, finish, then](const json& reply) {
            if (!ok_or(reply, {"already_friends", "already_requested"})) {
              say_refused("friend_request", reply);
              return finish(false);
            }
            then();
          });
      };
      a->open("/ws", [=, &password](bool a_open) {
        if (!a_open)
          return finish(false);
        b->open("/ws", [=, &password](bool b_open) {
          if (!b_open)
            return finish(false);
          a->login(password, [=, &password](bool a_in) {
            if (!a_in)
              return finish(false);
            b->login(password, [=](bool b_in) {
              if (!b_in)
                return finish(false);
              ask(a, b->name(),
                  [=] { ask(b, a->name(), [=] { finish(true); }); });
            });
          });
        });
      });
    });
  if (failed > 0) {
    std::cerr << "troupe-bench: " << failed << " pairs could not befriend\n";
    return false;
  }
  return true;
}

std::vector<std::shared_ptr<session>>
open_sessions(client_pool& pool, const std::vector<std::string>& names,
              const std::string& password,
              const std::function<void(std::size_t, session&)>& setup,
              std::size_t concurrency, thread_map thread_of, node_map node_of) {
  std::vector<std::shared_ptr<session>> sessions(names.size());
  auto failed = run_limited(
    pool, names.size(), concurrency, "log in",
    [&](std::size_t i, std::function<void(bool)> done) {
      auto s = pool.make_session(thread_of(i), names[i], node_of(i));
      sessions[i] = s;
      setup(i, *s);
      s->open("/ws", [s, &password, done](bool opened) {
        if (!opened)
          return done(false);
        s->login(password, [done](bool ok) { done(ok); });
      });
    },
    thread_of);
  if (failed > 0) {
    std::cerr << "troupe-bench: " << failed << " users could not log in\n";
    return {};
  }
  return sessions;
}

} // namespace troupe::bench
