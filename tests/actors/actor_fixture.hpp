#pragma once

// A CAF actor system on the test coordinator: one thread, a simulated
// clock, every message delivered when the test runs the scheduler.

#include <any>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <caf/actor_cast.hpp>
#include <caf/actor_registry.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/after.hpp>
#include <caf/detail/type_list.hpp>
#include <caf/detail/type_traits.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "actors/context.hpp"
#include "actors/storage_call.hpp"
#include "net/connection.hpp"

namespace troupe::test {

struct test_coordinator_config : caf::actor_system_config {
  test_coordinator_config() {
    set("scheduler.policy", caf::atom("testing"));
    set("logger.verbosity", caf::atom("quiet"));
  }
};

/// A connection that records what the session writes: the test's window
/// onto the socket a user actor talks to.
class recording_connection final : public net::connection {
 public:
  void send(std::shared_ptr<const std::string> frame) override {
    if (!closed_with_)
      frames_.push_back(nlohmann::json::parse(*frame));
  }

  void close(net::close_code code) override {
    if (!closed_with_)
      closed_with_ = code;
  }

  const net::remote_endpoint& remote() const override { return remote_; }

  void frame_done() override { ++frames_done_; }

  void set_read_window(std::size_t frames) override { read_window_ = frames; }

  /// How many frames the session said it is done with.
  std::size_t frames_done() const { return frames_done_; }

  /// The read window the session set last; 0 while it set none.
  std::size_t read_window() const { return read_window_; }

  /// Returns the frames written since the last call.
  std::vector<nlohmann::json> take() { return std::exchange(frames_, {}); }

  std::optional<net::close_code> closed_with() const { return closed_with_; }

 private:
  std::vector<nlohmann::json> frames_;
  std::optional<net::close_code> closed_with_;
  net::remote_endpoint remote_{"127.0.0.1", 40000};
  std::size_t frames_done_ = 0;
  std::size_t read_window_ = 0;
};

/// How long a persistence worker in a test keeps a call before it drops it
/// as timed out: the node's default request timeout.
inline const caf::timespan test_call_deadline = std::chrono::seconds{30};

struct actor_fixture {
  test_coordinator_config cfg;
  caf::actor_system sys{cfg};
  caf::scheduler::test_coordinator& sched
    = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  caf::scoped_actor self{sys, true};
  /// Every actor a test spawns; killed at the end, since actors with
  /// pending timers would otherwise keep the system from shutting down.
  std::vector<caf::actor> spawned;

  ~actor_fixture() {
    for (auto& a : spawned)
      caf::anon_send_exit(a, caf::exit_reason::kill);
    // Supervised children are registered by name; stop them too.
    for (auto& [name, a] : sys.registry().named_actors())
      caf::anon_send_exit(a, caf::exit_reason::kill);
    sched.run();
  }

  /// Spawns an actor the fixture kills at the end; returns its handle, typed
  /// as the actor is.
  template <class... Ts>
  auto spawn(Ts&&... xs) {
    auto a = sys.spawn(std::forward<Ts>(xs)...);
    spawned.push_back(caf::actor_cast<caf::actor>(a));
    return a;
  }

  /// Returns a context with a fixed token secret and default settings.
  static std::shared_ptr<actors::node_context> make_context() {
    return std::make_shared<actors::node_context>("actor-test-secret");
  }

  /// The last case of a `self->receive`: when no message is waiting, fail
  /// the test instead of blocking.
  static auto or_fail() {
    return caf::after(std::chrono::seconds{0}) >> [] {
      CHECK_MESSAGE(false, "no message arrived for the test's actor");
    };
  }

  /// Runs every job, the newest first: an actor's next step runs before
  /// the steps of others that were due earlier, as a busy scheduler may
  /// have it.
  void run_newest_first() {
    while (sched.try_run_once_lifo()) {
      // nop
    }
    sched.run();
  }

  /// Returns whether `a` is still running.
  template <class Handle>
  bool alive(const Handle& a) {
    auto ptr = caf::actor_cast<caf::abstract_actor*>(a);
    return ptr != nullptr
           && !ptr->getf(caf::abstract_actor::is_terminated_flag);
  }
};

/// Returns `call` as a persistence worker takes it, for tests that send it
/// by hand.
template <class T>
actors::storage_job job_of(actors::storage_call<T> call) {
  return std::move(call).job();
}

/// Returns `handler` (of a `T`, of `caf::ok_atom` for a call that answers
/// nothing, or of `caf::error`) as a handler of what a persistence worker
/// answers: its value comes type-erased, as `ask_store` would unwrap it.
template <class Handler>
auto worker_answer(Handler handler) {
  using args = typename caf::detail::get_callable_trait<Handler>::arg_types;
  using arg = std::decay_t<caf::detail::tl_head_t<args>>;
  if constexpr (std::is_same_v<arg, caf::error>) {
    return handler;
  } else if constexpr (std::is_same_v<arg, caf::ok_atom>) {
    return
      [handler](actors::storage_answer&) mutable { handler(caf::ok_atom_v); };
  } else {
    return [handler](actors::storage_answer& answer) mutable {
      handler(*std::any_cast<arg>(&answer.value));
    };
  }
}

} // namespace troupe::test
