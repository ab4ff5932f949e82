#include "actors/authenticator.hpp"

#include <chrono>

#include <caf/event_based_actor.hpp>

#include "actors/atoms.hpp"
#include "actors/errors.hpp"
#include "actors/message_types.hpp"
#include "actors/services.hpp"
#include "actors/store_calls.hpp"
#include "protocol/text.hpp"

namespace troupe::actors {

namespace {

using self_ptr = caf::stateful_actor<authenticator_state>*;
using protocol::error_code;

std::int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
    .count();
}

/// Checks `password` against `hash` and settles the login; `uid` 0 stands
/// for an unknown user, checked against the dummy hash for equal cost.
void settle_login(self_ptr self, const context_ptr& ctx,
                  caf::response_promise rp, protocol::user_id uid,
                  std::string username, std::string hash,
                  std::string password) {
  auto hasher_actor = any_hasher(self->system(), *ctx);
  if (!hasher_actor) {
    self->state.limiter->abandoned(username);
    rp.deliver(caf::make_error(error_code::unavailable));
    return;
  }
  self
    ->request(hasher_actor, ctx->request_timeout, atoms::verify_atom_v,
              std::move(hash), std::move(password))
    .then(
      [self, rp, uid, username](bool matches) mutable {
        auto& limiter = *self->state.limiter;
        if (matches && uid != 0) {
          limiter.succeeded(username);
          rp.deliver(uid, std::move(username));
        } else {
          limiter.failed(username, self->clock().now());
          rp.deliver(caf::make_error(error_code::auth_failed));
        }
      },
      [self, rp, username](caf::error& err) mutable {
        self->state.limiter->abandoned(username);
        rp.deliver(caf::make_error(to_protocol_error(err)));
      });
}

caf::response_promise login(self_ptr self, const context_ptr& ctx,
                            const std::string& dummy_hash,
                            std::string username, std::string password) {
  auto rp = self->make_response_promise();
  auto& limiter = *self->state.limiter;
  if (!limiter.try_begin(username, self->clock().now())) {
    rp.deliver(caf::make_error(error_code::rate_limited));
    return rp;
  }
  // A name no account can have costs a hash like any unknown user.
  if (!protocol::is_valid_username(username)) {
    settle_login(self, ctx, rp, 0, std::move(username), dummy_hash,
                 std::move(password));
    return rp;
  }
  auto store = persistence_for(self->system(), *ctx, key_of(username));
  if (!store) {
    limiter.abandoned(username);
    rp.deliver(caf::make_error(error_code::unavailable));
    return rp;
  }
  self
    ->request(store, ctx->request_timeout, atoms::run_atom_v,
              store_calls::find_user(username))
    .then(
      [self, ctx, rp, password](storage::user_record& user) mutable {
        settle_login(self, ctx, rp, user.uid, std::move(user.username),
                     std::move(user.password_hash), std::move(password));
      },
      [self, ctx, rp, username, password,
       dummy_hash](caf::error& err) mutable {
        if (err == protocol::error_code::no_such_user) {
          settle_login(self, ctx, rp, 0, std::move(username), dummy_hash,
                       std::move(password));
          return;
        }
        self->state.limiter->abandoned(username);
        rp.deliver(caf::make_error(to_protocol_error(err)));
      });
  return rp;
}

caf::response_promise signup(self_ptr self, const context_ptr& ctx,
                             protocol::register_command req) {
  auto rp = self->make_response_promise();
  auto hasher_actor = any_hasher(self->system(), *ctx);
  if (!hasher_actor) {
    rp.deliver(caf::make_error(error_code::unavailable));
    return rp;
  }
  auto password = std::move(req.password);
  self
    ->request(hasher_actor, ctx->request_timeout, atoms::hash_atom_v,
              std::move(password))
    .then(
      [self, ctx, rp, req = std::move(req)](std::string& hash) mutable {
        auto store = persistence_for(self->system(), *ctx,
                                     key_of(req.username));
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
        self
          ->request(store, ctx->request_timeout, atoms::run_atom_v,
                    store_calls::create_user(std::move(user)))
          .then([rp](protocol::user_id uid) mutable { rp.deliver(uid); },
                [rp](caf::error& err) mutable {
                  rp.deliver(caf::make_error(to_protocol_error(err)));
                });
      },
      [rp](caf::error& err) mutable {
        rp.deliver(caf::make_error(to_protocol_error(err)));
      });
  return rp;
}

} // namespace

caf::behavior authenticator(caf::stateful_actor<authenticator_state>* self,
                            context_ptr ctx, std::string dummy_hash) {
  self->state.limiter.emplace(ctx->auth.login_failure_limit,
                              ctx->auth.login_failure_window);
  return {
    [self, ctx, dummy_hash](atoms::login_atom, std::string& username,
                            std::string& password) {
      return login(self, ctx, dummy_hash, std::move(username),
                   std::move(password));
    },
    [self, ctx](atoms::signup_atom, protocol::register_command& req) {
      return signup(self, ctx, std::move(req));
    },
  };
}

} // namespace troupe::actors
