#include "actors/authenticator.hpp"

#include <chrono>

#include <caf/typed_response_promise.hpp>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "actors/hasher.hpp"
#include "actors/services.hpp"
#include "actors/store_calls.hpp"
#include "actors/store_request.hpp"
#include "protocol/text.hpp"

namespace troupe::actors {

namespace {

using self_ptr = authenticator_actor::stateful_pointer<authenticator_state>;
using login_promise
  = caf::typed_response_promise<protocol::user_id, std::string>;
using signup_promise = caf::typed_response_promise<protocol::user_id>;
using protocol::error_code;

constexpr auto registration_window = std::chrono::minutes{1};

std::int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
    .count();
}

/// One login in progress: who asks, for which name, until when.
struct login_attempt {
  std::string address;
  std::string username;
  hash_waiter waiter;
};

/// Returns who waits for the answer `rp` promises, and until when.
hash_waiter waiter_of(self_ptr self, const context_ptr& ctx,
                      caf::response_promise& rp) {
  return {caf::weak_actor_ptr{rp.source().get()},
          self->clock().now() + ctx->request_timeout};
}

/// Shows the size of the limiter's tables and of the hashing queue.
void update_gauges(self_ptr self, const context_ptr& ctx) {
  auto& st = self->state;
  auto keys = st.limiter->tracked() + st.registrations->size();
  ctx->metrics->auth_tracked_keys.store(static_cast<std::int64_t>(keys),
                                        std::memory_order_relaxed);
  ctx->metrics->hash_queue.store(static_cast<std::int64_t>(st.hashing->size()),
                                 std::memory_order_relaxed);
}

/// Sends `(atom, waiter, payload...)` to the hashing worker with the fewest
/// jobs and hands its `Result` to `on_ok`, or its failure to `on_error`.
/// Returns false, sending nothing, when `auth.max_hash_queue` jobs are out
/// already. A job whose waiter has gone or timed out is not sent at all:
/// `on_error` hears `unavailable` at once.
template <class Result, class OnOk, class OnError, class Atom, class... Ts>
bool hash_within_bound(self_ptr self, const context_ptr& ctx,
                       const hash_waiter& waiter, OnOk on_ok, OnError on_error,
                       Atom atom, Ts... payload) {
  auto now = self->clock().now();
  if (waiter.expired(now)) {
    ctx->metrics->hash_jobs_dropped.fetch_add(1, std::memory_order_relaxed);
    auto err = caf::make_error(error_code::unavailable);
    on_error(err);
    return true;
  }
  auto index = self->state.hashing->acquire();
  if (!index)
    return false;
  auto release = [self, ctx, worker = *index] {
    self->state.hashing->release(worker);
    update_gauges(self, ctx);
  };
  auto worker = lookup(self->system(), names::hasher(*index));
  if (!worker) {
    release();
    auto err = caf::make_error(error_code::unavailable);
    on_error(err);
    return true;
  }
  update_gauges(self, ctx);
  self
    ->request(worker, waiter.deadline - now, atom, waiter,
              std::move(payload)...)
    .then(
      [release, on_ok](Result& result) mutable {
        release();
        on_ok(result);
      },
      [release, on_error](caf::error& err) mutable {
        release();
        on_error(err);
      });
  return true;
}

/// Checks `password` against `hash` and settles the login; `uid` 0 stands
/// for an unknown user, checked against the dummy hash for equal cost.
void settle_login(self_ptr self, const context_ptr& ctx, login_promise rp,
                  login_attempt attempt, protocol::user_id uid,
                  std::string hash, std::string password) {
  auto on_ok = [self, ctx, rp, attempt, uid](bool matches) mutable {
    auto& limiter = *self->state.limiter;
    auto now = self->clock().now();
    if (matches && uid != 0) {
      limiter.succeeded(attempt.address, attempt.username, now);
      rp.deliver(uid, std::move(attempt.username));
    } else {
      limiter.failed(attempt.address, attempt.username, now);
      rp.deliver(caf::make_error(error_code::auth_failed));
    }
    update_gauges(self, ctx);
  };
  auto on_error = [self, ctx, rp, attempt](caf::error& err) mutable {
    self->state.limiter->abandoned(attempt.address, attempt.username,
                                   self->clock().now());
    update_gauges(self, ctx);
    rp.deliver(caf::make_error(to_protocol_error(err)));
  };
  if (!hash_within_bound<bool>(self, ctx, attempt.waiter, on_ok, on_error,
                               atoms::verify_atom_v, std::move(hash),
                               std::move(password))) {
    self->state.limiter->abandoned(attempt.address, attempt.username,
                                   self->clock().now());
    update_gauges(self, ctx);
    rp.deliver(caf::make_error(error_code::rate_limited,
                               std::string{"the node is busy checking "
                                           "passwords; try again later"}));
  }
}

login_promise login(self_ptr self, const context_ptr& ctx,
                    const std::string& dummy_hash, std::string username,
                    std::string password, std::string address) {
  auto rp = self->make_response_promise<protocol::user_id, std::string>();
  // A name no account can have is refused before it is counted or stored,
  // and unhashed: the rules for names are public, so answering it at once
  // tells nobody anything about the accounts.
  if (!protocol::is_valid_username(username)) {
    rp.deliver(caf::make_error(error_code::auth_failed));
    return rp;
  }
  auto now = self->clock().now();
  if (auto why = self->state.limiter->try_begin(address, username, now)) {
    rp.deliver(
      caf::make_error(error_code::rate_limited, std::string{describe(*why)}));
    return rp;
  }
  update_gauges(self, ctx);
  login_attempt attempt{std::move(address), username, waiter_of(self, ctx, rp)};
  auto store = persistence_for(self->system(), *ctx, key_of(username));
  if (!store) {
    self->state.limiter->abandoned(attempt.address, attempt.username, now);
    update_gauges(self, ctx);
    rp.deliver(caf::make_error(error_code::unavailable));
    return rp;
  }
  ask_store(
    self, store, ctx->request_timeout,
    store_calls::find_user(std::move(username)),
    [self, ctx, rp, attempt, password](storage::user_record& user) mutable {
      settle_login(self, ctx, rp, std::move(attempt), user.uid,
                   std::move(user.password_hash), std::move(password));
    },
    [self, ctx, rp, attempt, password, dummy_hash](caf::error& err) mutable {
      if (err == protocol::error_code::no_such_user) {
        settle_login(self, ctx, rp, std::move(attempt), 0, dummy_hash,
                     std::move(password));
        return;
      }
      self->state.limiter->abandoned(attempt.address, attempt.username,
                                     self->clock().now());
      update_gauges(self, ctx);
      rp.deliver(caf::make_error(to_protocol_error(err)));
    });
  return rp;
}

/// Stores the account of `req` with `hash` as its password hash.
void create_account(self_ptr self, const context_ptr& ctx, signup_promise rp,
                    protocol::register_command req, std::string hash) {
  auto store = persistence_for(self->system(), *ctx, key_of(req.username));
  if (!store) {
    rp.deliver(caf::make_error(error_code::unavailable));
    return;
  }
  storage::new_user user;
  user.username = std::move(req.username);
  user.password_hash = std::move(hash);
  protocol::for_each_profile_field([&](protocol::profile_field f) {
    if (auto& value = req.profile[f])
      user.profile[f] = std::move(*value);
  });
  user.created_at = unix_ms();
  ask_store(
    self, store, ctx->request_timeout,
    store_calls::create_user(std::move(user)),
    [rp](protocol::user_id& uid) mutable { rp.deliver(uid); },
    [rp](caf::error& err) mutable {
      rp.deliver(caf::make_error(to_protocol_error(err)));
    });
}

signup_promise signup(self_ptr self, const context_ptr& ctx,
                      protocol::register_command req,
                      const std::string& address) {
  auto rp = self->make_response_promise<protocol::user_id>();
  auto& registrations = *self->state.registrations;
  auto now = self->clock().now();
  // PROTOCOL.md lists no `rate_limited` for `register`; `unavailable` says
  // what holds: nothing was stored, retry later.
  if (registrations.count(address, now) >= ctx->auth.registrations_per_minute) {
    rp.deliver(caf::make_error(error_code::unavailable,
                               std::string{"too many registrations from "
                                           "this address; nothing was "
                                           "stored, retry in a minute"}));
    return rp;
  }
  auto password = std::move(req.password);
  auto on_ok
    = [self, ctx, rp, req = std::move(req)](std::string& hash) mutable {
        create_account(self, ctx, rp, std::move(req), std::move(hash));
      };
  auto on_error = [rp](caf::error& err) mutable {
    rp.deliver(caf::make_error(to_protocol_error(err)));
  };
  if (!hash_within_bound<std::string>(
        self, ctx, waiter_of(self, ctx, rp), std::move(on_ok), on_error,
        atoms::hash_atom_v, std::move(password))) {
    rp.deliver(caf::make_error(error_code::unavailable,
                               std::string{"the node is busy hashing "
                                           "passwords; nothing was stored, "
                                           "retry later"}));
    return rp;
  }
  registrations.add(address, now);
  update_gauges(self, ctx);
  return rp;
}

} // namespace

authenticator_actor::behavior_type
authenticator(authenticator_actor::stateful_pointer<authenticator_state> self,
              context_ptr ctx, std::string dummy_hash) {
  auto& st = self->state;
  st.limiter.emplace(ctx->auth);
  st.registrations.emplace(ctx->auth.max_tracked_failures, registration_window);
  st.hashing.emplace(ctx->hasher_workers, ctx->auth.max_hash_queue);
  return {
    [self, ctx, dummy_hash](atoms::login_atom, std::string& username,
                            std::string& password, std::string& address) {
      return login(self, ctx, dummy_hash, std::move(username),
                   std::move(password), std::move(address));
    },
    [self, ctx](atoms::signup_atom, protocol::register_command& req,
                const std::string& address) {
      return signup(self, ctx, std::move(req), address);
    },
  };
}

} // namespace troupe::actors
