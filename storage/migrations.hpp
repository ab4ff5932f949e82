#pragma once

#include <string_view>
#include <vector>

#include "storage/settings.hpp"

namespace soci {
class session;
} // namespace soci

namespace troupe::storage {

/// One step of the schema. The two dialects must mean the same thing.
struct migration {
  int version;
  std::string_view description;
  std::vector<std::string_view> sqlite;
  std::vector<std::string_view> mariadb;
};

/// Returns every migration, oldest first; versions count up from 1.
const std::vector<migration>& migrations();

/// Returns the newest schema version this binary knows.
int latest_schema_version();

/// Applies the migrations `sql` has not seen, each recorded in
/// `schema_migrations`. Safe when several nodes start at once: SQLite
/// serialises them with its write lock, MariaDB with a named lock. Throws
/// `soci::soci_error` on a store fault and `std::runtime_error` when the
/// store's schema is newer than this binary.
void migrate(soci::session& sql, backend_kind backend);

} // namespace troupe::storage
