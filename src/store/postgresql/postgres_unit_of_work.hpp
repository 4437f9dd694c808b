#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pqxx/transaction_base>

#include "kitchen/ports.hpp"
#include "store/postgresql/pg_statement.hpp"

namespace brigade::store::postgresql {

/// The kitchen's ports over one PostgreSQL transaction the caller
/// (postgres_store) began: reads in postgres_reads.cpp, writes in
/// postgres_unit_of_work.cpp, as in the SQLite directory, with the same
/// queries written for PostgreSQL. `postgres_store::read` hands it out as a
/// kitchen_reader on a REPEATABLE READ READ ONLY transaction, `transact` as
/// a unit_of_work on a READ COMMITTED one. Every query is scoped by
/// restaurant. Thread-safety: none; lives for one transaction on the
/// thread running it.
class postgres_unit_of_work final : public kitchen::unit_of_work {
 public:
  /// `writer`: a transaction that may write (it keeps the rows it loaded);
  /// `node`: the store's name in its commits' notifications (outbox_listener).
  postgres_unit_of_work(pqxx::transaction_base& tx, bool writer, std::string_view node = {})
      : tx_(tx), writer_(writer), node_(node) {}

  // kitchen_reader
  std::optional<kitchen::restaurant> find_restaurant(kitchen::restaurant_id id) override;
  std::vector<kitchen::restaurant> restaurants() override;
  std::optional<kitchen::staff> find_staff(kitchen::staff_id id) override;
  std::optional<kitchen::staff> find_staff_by_username(std::string_view username) override;
  std::vector<kitchen::staff> staff_members(kitchen::restaurant_id r) override;
  std::vector<kitchen::device> devices(kitchen::restaurant_id r) override;
  std::optional<kitchen::device> find_device(kitchen::restaurant_id r, kitchen::device_id id) override;
  kitchen::access_revocations revocations() override;
  std::vector<kitchen::audit_entry> audit_log(kitchen::restaurant_id r, int64_t before, size_t limit) override;
  bool table_in_use(kitchen::restaurant_id r, kitchen::table_id id) override;
  bool station_in_use(kitchen::restaurant_id r, kitchen::station_id id) override;
  int64_t staff_count(kitchen::restaurant_id r) override;
  std::vector<kitchen::table> tables(kitchen::restaurant_id r) override;
  std::optional<kitchen::table> find_table(kitchen::restaurant_id r, kitchen::table_id id) override;
  std::vector<kitchen::station> stations(kitchen::restaurant_id r) override;
  std::optional<kitchen::station> find_station(kitchen::restaurant_id r,
                                               kitchen::station_id id) override;
  std::vector<kitchen::menu_item> menu(kitchen::restaurant_id r) override;
  std::optional<kitchen::menu_item> find_menu_item(kitchen::restaurant_id r,
                                                   kitchen::menu_item_id id) override;
  std::vector<kitchen::menu_category> menu_categories(kitchen::restaurant_id r) override;
  std::vector<kitchen::modifier_group> modifier_groups(kitchen::restaurant_id r) override;
  bool category_in_use(kitchen::restaurant_id r, kitchen::menu_category_id id) override;
  bool modifier_group_in_use(kitchen::restaurant_id r, kitchen::modifier_group_id id) override;
  std::optional<kitchen::order> find_order(kitchen::restaurant_id r, kitchen::order_id id) override;
  std::optional<kitchen::order> find_order_by_ticket(kitchen::restaurant_id r,
                                                     kitchen::kitchen_order_id id) override;
  kitchen::order_page list_orders(kitchen::restaurant_id r,
                                  const kitchen::order_query& query) override;
  std::vector<std::pair<kitchen::restaurant_id, kitchen::order_id>> orders_due_to_fire(timestamp now,
                                                                                   size_t limit) override;
  std::vector<kitchen::order> list_tickets(kitchen::restaurant_id r,
                                           const kitchen::ticket_query& query) override;
  kitchen::kitchen_stats stats(kitchen::restaurant_id r) override;
  kitchen::kitchen_throughput throughput(kitchen::restaurant_id r, timestamp since) override;
  /// In sqlite_report_reads.cpp.
  std::vector<kitchen::line_times> ready_lines(kitchen::restaurant_id r, timestamp from, timestamp to) override;
  std::vector<kitchen::domain_event> events_after(kitchen::restaurant_id r, uint64_t after, size_t limit,
                                                  size_t max_bytes) override;
  uint64_t last_sequence(kitchen::restaurant_id r) override;

  // unit_of_work
  void save_order(kitchen::order& o) override;
  int64_t next_order_number(kitchen::restaurant_id r, int32_t business_day) override;
  std::optional<kitchen::idempotent_request> find_idempotency_key(kitchen::restaurant_id r,
                                                                  std::string_view key) override;
  void remember_idempotency_key(kitchen::restaurant_id r, std::string_view key,
                                std::string_view fingerprint, kitchen::order_id id) override;
  void append_events(std::vector<kitchen::domain_event>& events) override;
  void save_restaurant(kitchen::restaurant& r) override;
  void save_table(kitchen::table& t) override;
  void save_station(kitchen::station& s) override;
  void save_staff(kitchen::staff& s) override;
  void save_menu_item(kitchen::menu_item& m) override;
  void save_menu_category(kitchen::menu_category& c) override;
  void save_modifier_group(kitchen::modifier_group& g) override;
  void delete_menu_category(kitchen::restaurant_id r, kitchen::menu_category_id id) override;
  void delete_modifier_group(kitchen::restaurant_id r, kitchen::modifier_group_id id) override;
  void save_device(kitchen::device& d) override;
  void revoke_device(kitchen::restaurant_id r, kitchen::device_id id, timestamp at) override;
  void append_audit(kitchen::audit_entry& entry) override;
  void delete_table(kitchen::restaurant_id r, kitchen::table_id id) override;
  void delete_station(kitchen::restaurant_id r, kitchen::station_id id) override;

 private:
  /// Runs an order query built on rows::kOrderColumns and loads each order's items.
  std::vector<kitchen::order> load_orders(pg_statement& query);
  /// A statement of this transaction.
  pg_statement prepare(std::string sql, std::string_view purpose) { return pg_statement{tx_, std::move(sql), purpose}; }
  std::vector<kitchen::order_item> load_items(kitchen::order_id id);
  void attach_modifier_groups(kitchen::restaurant_id r, std::vector<kitchen::menu_item>& items);
  int32_t business_day_of(const kitchen::order& o);
  void insert_order(kitchen::order& o);
  void update_order(const kitchen::order& o);
  /// Writes the lines that differ from `before` (the rows as loaded; null:
  /// unknown, write every line).
  void save_items(kitchen::order& o, bool is_new, const kitchen::order* before);
  void save_ticket(kitchen::order& o, bool is_new);
  void save_cancellation(const kitchen::order& o, bool is_new);
  /// On the writer: keeps what an order's rows hold once loaded or saved.
  void remember_rows(const kitchen::order& o);

  pqxx::transaction_base& tx_;
  bool writer_;
  std::string_view node_;
  // Each order as its rows stand in this transaction (writer only), so a
  // save writes only what the command changed, as the SQLite store does.
  std::unordered_map<kitchen::order_id, kitchen::order> rows_;
};

}  // namespace brigade::store::postgresql
