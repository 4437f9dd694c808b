#include "store/postgresql/postgres_store.hpp"

#include <mutex>
#include <random>
#include <stdexcept>

#include <fmt/format.h>
#include <pqxx/transaction>

#include "store/postgresql/connection_pool.hpp"
#include "store/postgresql/migrations.hpp"
#include "store/postgresql/outbox_listener.hpp"
#include "store/postgresql/pg_statement.hpp"
#include "store/postgresql/postgres_store_internal.hpp"
#include "store/postgresql/postgres_unit_of_work.hpp"

namespace brigade::store::postgresql {
namespace {

// The store whose transaction (work or announcement) this thread is in.
thread_local const postgres_store* tl_inside = nullptr;

/// Eight hex digits naming this process among the nodes of one database.
std::string random_node_name() {
  std::random_device device;
  return fmt::format("{:08x}", device());
}

}  // namespace

inside_transaction::inside_transaction(const postgres_store* store) : previous_(tl_inside) { tl_inside = store; }
inside_transaction::~inside_transaction() { tl_inside = previous_; }

pooled_connection::pooled_connection(connection_pool& pool) : pool_(pool), connection_(pool.checkout()) {}
pooled_connection::~pooled_connection() {
  if (keep_) pool_.checkin(std::move(connection_));
}

postgres_store::postgres_store(std::string url, size_t idle_connections)
    : node_(random_node_name()),
      pool_(std::make_unique<connection_pool>(std::move(url), idle_connections)), idle_connections_(idle_connections) {
  pooled_connection db{*pool_};
  migrate(db.get());
  schema_version_ = postgresql::schema_version(db.get());
}

postgres_store::~postgres_store() = default;

void postgres_store::refuse_nested_write() const {
  if (tl_inside == this) throw std::logic_error("postgres_store: a write called inside one of its own transactions");
}

void postgres_store::read(const std::function<void(kitchen::kitchen_reader&)>& work) {
  // One snapshot for every query of the read, as SQLite's read transaction.
  using snapshot = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;
  pooled_transaction<snapshot> tx{*pool_, idle_connections_, "starting a read"};
  postgres_unit_of_work reader{tx.get(), false};
  work(reader);
  tx.commit("finishing a read");
}

void postgres_store::read_sessions(const std::function<void(pqxx::transaction_base&)>& work) {
  pooled_transaction<pqxx::read_transaction> tx{*pool_, idle_connections_, "starting a read"};
  work(tx.get());
  tx.commit("finishing a read");
}

status postgres_store::transact(const std::function<status(kitchen::unit_of_work&)>& work,
                                const std::function<void()>& after_commit) {
  refuse_nested_write();
  inside_transaction inside{this};
  pooled_transaction<pqxx::work> tx{*pool_, idle_connections_, "starting a transaction"};
  // An exception from `work` leaves `tx` to its destructor: ROLLBACK.
  postgres_unit_of_work unit{tx.get(), true, node_};
  const status outcome = work(unit);
  if (!outcome.ok()) {
    tx.abort();
    return outcome;
  }
  tx.commit("committing a transaction");  // returns once the WAL is flushed (synchronous_commit)
  commits_.fetch_add(1);
  if (after_commit) {
    std::lock_guard announcing(announce_mutex_);
    after_commit();
  }
  return outcome;
}

std::unique_ptr<kitchen::outbox_feed> postgres_store::other_nodes_commits() const {
  return std::make_unique<outbox_listener>(pool_->url(), node_);
}

}  // namespace brigade::store::postgresql
