#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kitchen/entities.hpp"

namespace brigade::store::sqlite {

/// The writer's copies of rows that every order reads and staff seldom
/// change: menu items (with their category name and modifier groups),
/// stations and tables. A create_order reads each of its dishes, their
/// stations and its table inside the one serial writer; served from here,
/// those reads cost no SQL.
///
/// A copy is always what the query would read, because everything is
/// dropped whenever the writer may change one of `source_tables()` (see
/// sqlite_connection::on_writes_to: any statement writing them, any
/// rollback) and whenever another connection committed since the last
/// transaction (`start_transaction` with PRAGMA data_version). Bounded:
/// cleared when full.
/// Thread-safety: none (but hits()); only the thread holding the store's
/// writer uses it.
class reference_cache {
 public:
  using key = std::pair<int64_t, int64_t>;  // restaurant, row id

  /// The tables these copies are read from (joins included).
  static std::vector<std::string> source_tables();

  /// At the start of each write transaction: drops every copy if the
  /// database's data_version moved (another connection committed).
  void start_transaction(int64_t data_version) noexcept;
  void clear() noexcept;

  /// The copy under `k`, or what `read()` returns, then kept (a missing row
  /// too: it stays missing until one of the source tables changes).
  template <class Read>
  std::optional<kitchen::menu_item> menu_item(key k, Read&& read) {
    return remembered(menu_items_, k, read);
  }
  template <class Read>
  std::optional<kitchen::station> station(key k, Read&& read) {
    return remembered(stations_, k, read);
  }
  template <class Read>
  std::optional<kitchen::table> table(key k, Read&& read) {
    return remembered(tables_, k, read);
  }

  /// Reads answered from a copy since the cache was made (tests and
  /// benchmarks); safe to read from any thread.
  uint64_t hits() const noexcept { return hits_.load(std::memory_order_relaxed); }

 private:
  static constexpr size_t kMaxRows = 4096;  // per kind; a menu has a few hundred dishes

  template <class Row, class Read>
  std::optional<Row> remembered(std::map<key, std::optional<Row>>& copies, key k, Read& read) {
    if (auto found = copies.find(k); found != copies.end()) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      return found->second;
    }
    std::optional<Row> row = read();
    if (copies.size() >= kMaxRows) copies.clear();
    copies.emplace(k, row);
    return row;
  }

  std::map<key, std::optional<kitchen::menu_item>> menu_items_;
  std::map<key, std::optional<kitchen::station>> stations_;
  std::map<key, std::optional<kitchen::table>> tables_;
  std::optional<int64_t> data_version_;
  std::atomic<uint64_t> hits_{0};
};

}  // namespace brigade::store::sqlite
