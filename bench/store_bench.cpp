// Durable-store benchmarks: what one order costs the SQLite store, against
// the physical floor of one durable SQLite commit measured in the same run.
//
// Every write here is a real transaction on a real file (WAL,
// synchronous=FULL: one fsync of the WAL per commit), so the figures depend
// on the disk under $TMPDIR (default /tmp). Do not point TMPDIR at a tmpfs:
// fsync there is free and the floor would say nothing. Timings belong in
// docs/benchmarks.md, quoted against BM_SqliteFsyncFloor.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kitchen/kitchen_service.hpp"
#include "store/demo_data.hpp"
#include "store/open_store.hpp"

namespace {

namespace fs = std::filesystem;
using namespace brigade::kitchen;

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it
// (the database, its -wal and -shm files) when the owner goes away.
class temp_dir {
 public:
  temp_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = (base != nullptr && *base != '\0' ? std::string{base} : "/tmp");
    pattern += "/brigade-store-bench-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp " + pattern);
    path_ = pattern;
  }
  ~temp_dir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// --- The peer: one durable commit through the raw C API -------------------

void check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string{what} + ": " + sqlite3_errmsg(db));
}

// Declared after the connection's owner, so statements are finalized first.
using statement_ptr = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

void run_statement(sqlite3* db, sqlite3_stmt* statement, const char* what) {
  check(db, sqlite3_step(statement), what);
  sqlite3_reset(statement);
}

// BEGIN IMMEDIATE; INSERT one small row; COMMIT — with exactly the PRAGMAs
// the store's connections use (sqlite_connection.cpp), so the only
// difference from BM_CreateOrder is the work inside the transaction. This is
// what no durable store on this disk can beat per serial commit.
void BM_SqliteFsyncFloor(benchmark::State& state) {
  temp_dir dir;
  sqlite3* db = nullptr;
  const std::string path = dir.file("floor.db");
  if (sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    state.SkipWithError("cannot open the floor database");
    sqlite3_close_v2(db);
    return;
  }
  std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)> owner{db, &sqlite3_close_v2};
  check(db,
        sqlite3_exec(db,
                     "PRAGMA foreign_keys = ON;"
                     "PRAGMA synchronous = FULL;"
                     "PRAGMA busy_timeout = 5000;"
                     "PRAGMA journal_mode = WAL;"
                     "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, payload TEXT NOT NULL);",
                     nullptr, nullptr, nullptr),
        "setting up the floor database");

  // Prepared once, as the store caches its statements: the floor should
  // contain no SQL parsing the store does not pay either.
  const auto prepare = [db](const char* sql) {
    sqlite3_stmt* statement = nullptr;
    check(db, sqlite3_prepare_v2(db, sql, -1, &statement, nullptr), sql);
    return statement_ptr{statement, &sqlite3_finalize};
  };
  const statement_ptr begin = prepare("BEGIN IMMEDIATE");
  const statement_ptr insert = prepare("INSERT INTO t(payload) VALUES (?1)");
  const statement_ptr commit = prepare("COMMIT");
  // 40 bytes: about one order line, so the WAL frame is one page either way.
  const std::string payload(40, 'x');

  for (auto _ : state) {
    run_statement(db, begin.get(), "BEGIN IMMEDIATE");
    sqlite3_bind_text(insert.get(), 1, payload.data(), static_cast<int>(payload.size()),
                      SQLITE_STATIC);
    run_statement(db, insert.get(), "INSERT");
    run_statement(db, commit.get(), "COMMIT");
  }
  state.SetItemsProcessed(state.iterations());
}
// Real time: the cost is waiting for the disk, which CPU time does not see.
BENCHMARK(BM_SqliteFsyncFloor)->UseRealTime()->Unit(benchmark::kMicrosecond);

// --- Brigade: the kitchen service on the SQLite store ---------------------

// One database with the demo restaurant, shared by the service benchmarks:
// loading the demo data hashes three passwords (~0.3 s), too slow to repeat
// each time Google Benchmark re-runs a function to size its iterations.
// Single-threaded benchmarks only, so no locking.
struct service_env {
  temp_dir dir;
  std::unique_ptr<kitchen_store> store;
  std::unique_ptr<kitchen_service> service;
  actor waiter;
  table_id at_table = 0;
  std::vector<menu_item_id> dishes;  // the two dishes of the REST example
  std::vector<order_id> orders;      // created by the benchmarks, for reads
  uint64_t next_key = 0;

  service_env() {
    store = brigade::store::open_sqlite_store(dir.file("brigade.db"));
    if (!brigade::store::load_demo_data(*store)) throw std::runtime_error("demo data not loaded");
    service = std::make_unique<kitchen_service>(*store);
    auto found = service->find_actor("waiter1");
    if (!found) throw std::runtime_error("no waiter1 in the demo data");
    waiter = *found;
    // The order bench/load/orders.mjs sends (table 4, 2 x Classic Burger,
    // 1 x French Fries), looked up by name rather than by id so that a
    // reordered demo menu cannot silently change what is measured.
    const std::vector<table> tables = service->tables(waiter).value();
    const std::vector<menu_item> menu = service->menu(waiter).value().items;
    for (const table& t : tables) {
      if (t.name == "4") at_table = t.id;
    }
    for (const std::string_view name : {"Classic Burger", "French Fries"}) {
      for (const menu_item& m : menu) {
        if (m.name == name && m.available) dishes.push_back(m.id);
      }
    }
    if (at_table == 0 || dishes.size() != 2) throw std::runtime_error("demo data changed");
  }

  // The REST API's example order: two lines, a unique Idempotency-Key (as a
  // well-behaved client sends), so the key lookup and insert are included.
  order_id create() {
    create_order_command command;
    command.table = at_table;
    command.items = {new_item{dishes[0], 2, {}}, new_item{dishes[1], 1, {}}};
    command.idempotency_key = "bench-" + std::to_string(++next_key);
    command.request_fingerprint = "fp";  // a SHA-256 hex in the API; only compared
    auto created = service->create_order(waiter, command);
    if (!created) throw std::runtime_error("create_order: " + created.error().message);
    orders.push_back(created->order.id);
    return created->order.id;
  }
};

service_env& env() {
  static service_env instance;
  return instance;
}

// One order per iteration, through the whole use case: idempotency lookup,
// table and menu reads, rules, numbering, order + items + counter + key +
// outbox event, one commit (one fsync).
void BM_CreateOrder(benchmark::State& state) {
  service_env& e = env();
  for (auto _ : state) benchmark::DoNotOptimize(e.create());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CreateOrder)->UseRealTime()->Unit(benchmark::kMicrosecond);

// Makes sure there are at least `count` orders to read, outside the timing.
void ensure_orders(service_env& e, size_t count) {
  while (e.orders.size() < count) e.create();
}

// Reading one order by id: a read transaction on a pooled query_only
// connection (order, items, ticket, cancellation). No fsync.
void BM_GetOrder(benchmark::State& state) {
  service_env& e = env();
  ensure_orders(e, 100);
  size_t i = 0;
  for (auto _ : state) {
    // Walk over 100 different orders so no single row stays hot in a cache
    // the real traffic would not have.
    const order_id id = e.orders[e.orders.size() - 1 - (i++ % 100)];
    auto found = e.service->get_order(e.waiter, id);
    if (!found) {
      state.SkipWithError("get_order failed");
      break;
    }
    benchmark::DoNotOptimize(found);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GetOrder)->Unit(benchmark::kMicrosecond);

// The waiter's order list: the newest 50 orders, each with its items.
// items_per_second counts pages (multiply by 50 for orders).
void BM_ListOrders(benchmark::State& state) {
  service_env& e = env();
  ensure_orders(e, 100);
  order_query query;
  query.limit = 50;
  for (auto _ : state) {
    auto page = e.service->list_orders(e.waiter, query);
    if (!page || page->orders.size() != 50) {
      state.SkipWithError("list_orders did not return a full page");
      break;
    }
    benchmark::DoNotOptimize(page);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ListOrders)->Unit(benchmark::kMicrosecond);

}  // namespace
