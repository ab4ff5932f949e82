#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <variant>

namespace troupe::storage {

/// The closed set of ways a storage call fails.
enum class errc : std::uint8_t {
  /// The row the call is about does not exist.
  not_found = 1,
  /// A uniqueness rule would break (e.g. the username exists).
  conflict,
  /// The store cannot be reached or is busy: nothing was changed.
  unavailable,
  /// Anything else: a bug or a schema the node does not expect.
  internal,
};

/// Returns the name of `code`, e.g. "unavailable".
constexpr std::string_view to_string(errc code) {
  switch (code) {
    case errc::not_found: return "not_found";
    case errc::conflict: return "conflict";
    case errc::unavailable: return "unavailable";
    case errc::internal: return "internal";
  }
  return "unknown";
}

/// Either a value of a storage call or why it failed.
template <class T>
class result {
 public:
  result(T value) : state_(std::move(value)) {
    // nop
  }

  result(errc code) : state_(code) {
    // nop
  }

  explicit operator bool() const { return state_.index() == 0; }

  T& operator*() { return std::get<0>(state_); }

  const T& operator*() const { return std::get<0>(state_); }

  T* operator->() { return &std::get<0>(state_); }

  errc error() const { return std::get<1>(state_); }

 private:
  std::variant<T, errc> state_;
};

/// The result of a storage call that returns nothing.
template <>
class result<void> {
 public:
  result() = default;

  result(errc code) : error_(code) {
    // nop
  }

  explicit operator bool() const { return error_ == errc{}; }

  errc error() const { return error_; }

 private:
  errc error_{};
};

} // namespace troupe::storage
