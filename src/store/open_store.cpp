#include "store/open_store.hpp"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "store/postgresql/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace brigade::store {

namespace {

std::unique_ptr<sqlite::sqlite_store> open_sqlite(const std::string& path) {
  // A fresh deployment's data directory may not exist yet; SQLite creates
  // files, not directories.
  const auto directory = std::filesystem::path{path}.parent_path();
  if (!directory.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec) {
      throw kitchen::store_failure(
          fmt::format("creating the database directory {}: {}", directory.string(), ec.message()));
    }
  }
  return std::make_unique<sqlite::sqlite_store>(path);
}

}  // namespace

std::unique_ptr<kitchen::kitchen_store> open_sqlite_store(const std::string& path) { return open_sqlite(path); }

server_store open_sqlite_server_store(const std::string& path) {
  auto opened = open_sqlite(path);
  sqlite::sqlite_store* store = opened.get();
  return server_store{std::move(opened), store, [store] {
                        const auto counts = store->commits();
                        return std::pair{counts.commits, counts.transactions};
                      }};
}

bool is_postgres_url(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

server_store open_postgres_server_store(const std::string& url, size_t connections) {
  auto opened = std::make_unique<postgresql::postgres_store>(url, connections);
  postgresql::postgres_store* store = opened.get();
  auto feed = store->other_nodes_commits();
  return server_store{std::move(opened), store,
                      [store] {
                        const auto commits = store->commits();
                        return std::pair{commits, commits};
                      },
                      std::move(feed)};
}

std::unique_ptr<kitchen::kitchen_store> open_kitchen_store(const std::string& location) {
  if (is_postgres_url(location)) return std::make_unique<postgresql::postgres_store>(location, 1);
  return open_sqlite(location);
}

server_store open_server_store(const std::string& location) {
  return is_postgres_url(location) ? open_postgres_server_store(location) : open_sqlite_server_store(location);
}

}  // namespace brigade::store
