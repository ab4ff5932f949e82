#pragma once

// How the values inside messages that may cross nodes are written.
//
// CAF 0.17 serialises a type through a free `inspect(f, x)` found by
// argument-dependent lookup. It knows neither `std::optional` nor
// `std::variant`, and a `shared_ptr` says nothing of what it points to, so
// the adapters below write what they wrap instead. The `inspect`s of
// `protocol/` types live here too: `protocol/` knows nothing of actors.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include <caf/error.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/sec.hpp>

#include "protocol/requests.hpp"

namespace troupe::actors::wire {

/// Writes the value a `shared_ptr<const T>` points to (a default `T` for
/// none); reading makes a new one. Nodes share nothing but bytes.
template <class T>
struct shared_value {
  std::shared_ptr<const T>& ptr;
};

template <class Inspector, class T>
typename Inspector::result_type inspect(Inspector& f, shared_value<T>& x) {
  if constexpr (Inspector::reads_state) {
    // Saving: `f` writes, so it needs no copy when there is a value.
    if (x.ptr)
      return f(const_cast<T&>(*x.ptr));
    T none{};
    return f(none);
  } else {
    auto value = std::make_shared<T>();
    return f(*value, caf::meta::load_callback([&]() -> caf::error {
      x.ptr = std::move(value);
      return caf::none;
    }));
  }
}

/// Writes a `std::optional<T>` as whether it holds a value, then the value.
template <class T>
struct optional_value {
  std::optional<T>& opt;
};

template <class Inspector, class T>
typename Inspector::result_type inspect(Inspector& f, optional_value<T>& x) {
  bool engaged = x.opt.has_value();
  T value = x.opt.value_or(T{});
  return f(engaged, value, caf::meta::load_callback([&]() -> caf::error {
             x.opt
               = engaged ? std::optional<T>{std::move(value)} : std::nullopt;
             return caf::none;
           }));
}

/// Writes a `std::variant` as the index of its alternative, then the
/// alternative.
template <class... Ts>
struct variant_value {
  std::variant<Ts...>& var;
};

template <class... Ts>
variant_value(std::variant<Ts...>&) -> variant_value<Ts...>;

namespace detail {

/// Makes `var` hold a default alternative `index`; false past the last.
template <std::size_t I = 0, class... Ts>
bool emplace_alternative(std::variant<Ts...>& var, std::size_t index) {
  if constexpr (I < sizeof...(Ts)) {
    if (index == I) {
      var.template emplace<I>();
      return true;
    }
    return emplace_alternative<I + 1>(var, index);
  } else {
    return false;
  }
}

/// The alternative a variant holds, written as that alternative.
template <class... Ts>
struct alternative_of {
  std::variant<Ts...>& var;
};

template <class Inspector, class... Ts>
typename Inspector::result_type inspect(Inspector& f,
                                        alternative_of<Ts...>& x) {
  return std::visit([&f](auto& alternative) { return f(alternative); }, x.var);
}

} // namespace detail

template <class Inspector, class... Ts>
typename Inspector::result_type inspect(Inspector& f, variant_value<Ts...>& x) {
  auto index = static_cast<std::uint8_t>(x.var.index());
  // Read: the index first, then a default alternative of that index to
  // read into.
  return f(index, caf::meta::load_callback([&]() -> caf::error {
             if (!detail::emplace_alternative(x.var, index))
               return caf::make_error(caf::sec::invalid_argument);
             return caf::none;
           }),
           detail::alternative_of<Ts...>{x.var});
}

} // namespace troupe::actors::wire

namespace troupe::protocol {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, group_add_command& x) {
  return f(caf::meta::type_name("group_add_command"), x.group_id, x.username);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, group_kick_command& x) {
  return f(caf::meta::type_name("group_kick_command"), x.group_id, x.username);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, group_leave_command& x) {
  return f(caf::meta::type_name("group_leave_command"), x.group_id);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f,
                                        group_set_role_command& x) {
  return f(caf::meta::type_name("group_set_role_command"), x.group_id,
           x.username, x.role);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f,
                                        group_set_state_command& x) {
  return f(caf::meta::type_name("group_set_state_command"), x.group_id,
           x.state);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, group_send_command& x) {
  return f(caf::meta::type_name("group_send_command"), x.group_id, x.kind,
           x.body);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f,
                                        group_members_command& x) {
  return f(caf::meta::type_name("group_members_command"), x.group_id);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, history_command& x) {
  using actors::wire::optional_value;
  return f(caf::meta::type_name("history_command"), x.with,
           optional_value<std::int64_t>{x.group_id},
           optional_value<std::int64_t>{x.before},
           optional_value<std::int64_t>{x.after}, x.limit);
}

} // namespace troupe::protocol
