#pragma once

#include <memory>
#include <string>

#include "kitchen/ports.hpp"

namespace brigade::store {

/// Opens the SQLite store at `path`: creates the file (and its directory)
/// when missing and applies pending migrations. Throws
/// kitchen::store_failure when the file cannot be opened or its schema is
/// newer than this binary. The store is thread-safe (see sqlite_store).
std::unique_ptr<kitchen::kitchen_store> open_sqlite_store(const std::string& path);

}  // namespace brigade::store
