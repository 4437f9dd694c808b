#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pqxx/connection>

namespace brigade::store::postgresql {

/// Connections to one PostgreSQL database, reused. `checkout` hands out an
/// idle connection or opens a new one, so a caller never waits for
/// another's connection (an after_commit that reads while every other
/// connection waits to commit cannot deadlock); `checkin` keeps at most
/// `max_idle` of them open, closing the rest. The number open at once is
/// therefore bounded by the callers (the server's database threads).
/// Thread-safety: checkout and checkin may be called from any thread.
class connection_pool {
 public:
  /// Opens nothing yet. `url`: a libpq connection string or URI.
  connection_pool(std::string url, size_t max_idle);

  /// An idle connection, or a new one. Throws kitchen::store_failure when
  /// the database cannot be reached.
  std::unique_ptr<pqxx::connection> checkout();
  /// Gives a connection back: kept when open and the pool has room.
  void checkin(std::unique_ptr<pqxx::connection> connection);

  const std::string& url() const { return url_; }

 private:
  std::unique_ptr<pqxx::connection> open();

  const std::string url_;
  const size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
};

}  // namespace brigade::store::postgresql
