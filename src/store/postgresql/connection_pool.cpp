#include "store/postgresql/connection_pool.hpp"

#include <fmt/format.h>
#include <pqxx/except>
#include <pqxx/nontransaction>

#include "kitchen/ports.hpp"

namespace brigade::store::postgresql {

connection_pool::connection_pool(std::string url, size_t max_idle) : url_(std::move(url)), max_idle_(max_idle) {}

std::unique_ptr<pqxx::connection> connection_pool::open() {
  try {
    auto connection = std::make_unique<pqxx::connection>(url_);
    // Notices ("relation already exists, skipping") are not errors; libpqxx
    // would print them on stderr.
    pqxx::nontransaction setup{*connection};
    setup.exec("SET client_min_messages = warning");
    setup.commit();
    return connection;
  } catch (const pqxx::pqxx_exception& e) {
    // The message may name the host and user but never the password.
    throw kitchen::store_failure(fmt::format("connecting to PostgreSQL: {}", e.base().what()));
  }
}

std::unique_ptr<pqxx::connection> connection_pool::checkout() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
  }
  return open();  // outside the lock: connecting takes a round trip or more
}

void connection_pool::checkin(std::unique_ptr<pqxx::connection> connection) {
  if (!connection || !connection->is_open()) return;
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
}

}  // namespace brigade::store::postgresql
