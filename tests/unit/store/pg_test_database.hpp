#pragma once

// A fresh, empty PostgreSQL database per test, on the one throwaway server
// a ctest run starts (the "pg" fixture of tests/unit/CMakeLists.txt runs
// scripts/pg-test-server.sh). The server's URL comes from
// BRIGADE_TEST_PG_URL, else from the file BRIGADE_TEST_PG_URL_FILE names
// (ctest sets that one). Without a server a PostgreSQL test fails, saying
// so: it never passes by doing nothing.

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>

#include <fmt/format.h>
#include <pqxx/connection>
#include <pqxx/nontransaction>

namespace brigade::store::testing {

/// The test server's URL (naming its "postgres" database). Throws
/// std::runtime_error saying how to get one when there is none.
inline std::string pg_test_server_url() {
  if (const char* url = std::getenv("BRIGADE_TEST_PG_URL"); url != nullptr && *url != '\0') return url;
  if (const char* file = std::getenv("BRIGADE_TEST_PG_URL_FILE"); file != nullptr && *file != '\0') {
    std::ifstream in{file};
    std::string url;
    if (std::getline(in, url) && !url.empty()) return url;
    throw std::runtime_error(fmt::format(
        "no PostgreSQL test server: {} is missing or empty (did the pg fixture, scripts/pg-test-server.sh, "
        "fail? Is Debian's postgresql installed? scripts/setup.sh --with-cluster installs it)",
        file));
  }
  throw std::runtime_error(
      "no PostgreSQL test server: run the tests through ctest, or start one with "
      "`scripts/pg-test-server.sh start DIR` and set BRIGADE_TEST_PG_URL to the URL it prints");
}

/// Creates a database with a name no other test (or process) uses, and
/// drops it, closing any connection left, when destroyed. Not thread-safe;
/// one per test.
class pg_test_database {
 public:
  pg_test_database() : server_(pg_test_server_url()) {
    static std::atomic<int> counter{0};
    name_ = fmt::format("brigade_test_{}_{}", ::getpid(), counter++);
    admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    admin("CREATE DATABASE " + name_);
  }
  ~pg_test_database() {
    try {
      admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {
      // The server may be gone already; the fixture's cleanup deletes it all.
    }
  }
  pg_test_database(const pg_test_database&) = delete;
  pg_test_database& operator=(const pg_test_database&) = delete;

  /// The database's URL: the server's with its database name replaced.
  std::string url() const { return server_.substr(0, server_.rfind('/') + 1) + name_; }
  const std::string& name() const { return name_; }

 private:
  void admin(const std::string& sql) const {
    pqxx::connection c{server_};
    pqxx::nontransaction tx{c};
    tx.exec("SET client_min_messages = warning");
    tx.exec(sql);
  }

  std::string server_;
  std::string name_;
};

}  // namespace brigade::store::testing
