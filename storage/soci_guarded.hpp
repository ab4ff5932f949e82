#pragma once

// The one place SOCI exceptions turn into `errc`s: every soci_adapter call
// runs its body through `guarded`. Included by the soci_*.cpp files only.

#include <exception>

#include <soci/soci.h>

#include "storage/soci_adapter.hpp"

namespace troupe::storage {

template <class T, class F>
result<T> soci_adapter::guarded(F&& body) {
  if (auto up = ensure_connected(); !up)
    return up.error();
  try {
    return body(*sql_);
  } catch (const soci::soci_error& e) {
    return classify(e);
  } catch (const std::exception& e) {
    last_error_ = e.what();
    return errc::internal;
  }
}

} // namespace troupe::storage
