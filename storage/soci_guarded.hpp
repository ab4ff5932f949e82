#pragma once

// The one place SOCI exceptions turn into `errc`s: every soci_adapter call
// runs its body through `guarded`, or through `guarded_reading_held` when
// its statements read the tables whose rows MariaDB holds back. Included by
// the soci_*.cpp files only.

#include <exception>

#include <soci/soci.h>

#include "storage/soci_adapter.hpp"
#include "storage/soci_statements.hpp"

namespace troupe::storage {

template <class T, class F>
result<T> soci_adapter::guarded(F&& body) {
  if (auto up = ensure_connected(); !up)
    return up.error();
  try {
    return body(*sql_);
  } catch (const soci::soci_error& e) {
    // A prepared statement that failed half-way may keep what it allocated
    // for its values (SOCI's MySQL backend frees them only after a run that
    // succeeded): the hot statements are prepared afresh instead.
    hot_.reset();
    return classify(e);
  } catch (const std::exception& e) {
    // Stopped half-way, a call may have left a statement's run open, and
    // with it a read transaction (see reusable_statement).
    hot_.reset();
    last_error_ = e.what();
    return errc::internal;
  }
}

template <class T, class F>
result<T> soci_adapter::guarded_reading_held(F&& body) {
  return guarded<T>([&](soci::session& sql) {
    if (!on_sqlite())
      held_.flush(sql);
    return body(sql);
  });
}

} // namespace troupe::storage
