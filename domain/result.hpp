#pragma once

#include <optional>
#include <utility>
#include <variant>

#include "domain/failure.hpp"

namespace troupe::domain {

/// Either what a domain call made or why it failed.
template <class T>
class result {
 public:
  result(T value) : state_(std::move(value)) {
    // nop
  }

  result(failure why) : state_(std::move(why)) {
    // nop
  }

  /// A rule refused with `code`.
  result(protocol::error_code code) : state_(failure{code}) {
    // nop
  }

  explicit operator bool() const { return state_.index() == 0; }

  T& operator*() { return std::get<0>(state_); }

  const T& operator*() const { return std::get<0>(state_); }

  T* operator->() { return &std::get<0>(state_); }

  const T* operator->() const { return &std::get<0>(state_); }

  const failure& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, failure> state_;
};

/// The result of a domain call that makes nothing but a change.
template <>
class result<void> {
 public:
  result() = default;

  result(failure why) : error_(std::move(why)) {
    // nop
  }

  /// A rule refused with `code`.
  result(protocol::error_code code) : error_(failure{code}) {
    // nop
  }

  explicit operator bool() const { return !error_.has_value(); }

  const failure& error() const { return *error_; }

 private:
  std::optional<failure> error_;
};

/// Returns `done` as a domain result: done, or its failure with a missing
/// row or a broken uniqueness rule as the codes the caller names.
inline result<void>
checked(const storage::result<void>& done,
        protocol::error_code on_not_found = protocol::error_code::internal,
        protocol::error_code on_conflict = protocol::error_code::internal) {
  if (!done)
    return from_store(done.error(), on_not_found, on_conflict);
  return {};
}

} // namespace troupe::domain
