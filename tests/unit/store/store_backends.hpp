#pragma once

// The stores one contract suite runs against: SQLite (a fresh file per test),
// PostgreSQL (a fresh database per test on the test server,
// pg_test_database.hpp) and the in-memory store the kitchen's tests use. A
// store that passes the same tests answers the kitchen's reads the same way,
// so the three cannot drift. A new backend joins by adding a type here.

#include <memory>
#include <string>
#include <type_traits>

#include <gtest/gtest.h>

#include "../kitchen/memory_store.hpp"
#include "kitchen/ports.hpp"
#include "pg_test_database.hpp"
#include "store/postgresql/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store_test_support.hpp"

namespace brigade::store::testing {

struct sqlite_backend {
  temp_dir dir;
  std::unique_ptr<kitchen::kitchen_store> open() { return std::make_unique<sqlite::sqlite_store>(dir.file("brigade.db")); }
  /// As a new process would: close, then open the same file.
  void reopen(std::unique_ptr<kitchen::kitchen_store>& store) {
    store.reset();
    store = open();
  }
};

struct postgres_backend {
  pg_test_database database;
  std::unique_ptr<kitchen::kitchen_store> open() {
    return std::make_unique<postgresql::postgres_store>(database.url(), 2);
  }
  /// As a new process would: close every connection, then connect again.
  void reopen(std::unique_ptr<kitchen::kitchen_store>& store) {
    store.reset();
    store = open();
  }
};

struct memory_backend {
  std::unique_ptr<kitchen::kitchen_store> open() { return std::make_unique<kitchen::testing::memory_store>(); }
  /// Nothing outlives the process: the same store goes on.
  void reopen(std::unique_ptr<kitchen::kitchen_store>&) {}
};

using store_backends = ::testing::Types<sqlite_backend, postgres_backend, memory_backend>;

/// Names the typed tests "sqlite", "postgres" and "memory" rather than 0, 1, 2.
struct backend_name {
  template <typename Backend>
  static std::string GetName(int) {
    if constexpr (std::is_same_v<Backend, sqlite_backend>) return "sqlite";
    if constexpr (std::is_same_v<Backend, postgres_backend>) return "postgres";
    if constexpr (std::is_same_v<Backend, memory_backend>) return "memory";
    return "other";
  }
};

}  // namespace brigade::store::testing
