#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "kitchen/line_progress.hpp"
#include "kitchen/order_number.hpp"
#include "kitchen/ports.hpp"
#include "kitchen/transitions.hpp"

namespace brigade::kitchen::testing {

/// Everything an in-memory store holds. Copied whole at the start of each
/// transaction, so a failed work leaves the committed copy untouched.
/// Plain value type.
struct memory_state {
  std::map<restaurant_id, restaurant> restaurants;
  std::map<table_id, table> tables;
  std::map<station_id, station> stations;
  std::map<staff_id, staff> staff_members;
  std::map<menu_item_id, menu_item> menu_items;
  std::map<menu_category_id, menu_category> categories;
  std::map<modifier_group_id, modifier_group> groups;
  std::map<device_id, device> devices;
  std::vector<audit_entry> audit;
  std::map<order_id, order> orders;
  std::map<std::pair<restaurant_id, int32_t>, int64_t> order_numbers;
  std::map<std::pair<restaurant_id, std::string>, idempotent_request> idempotency_keys;
  std::map<restaurant_id, std::vector<domain_event>> outbox;
  // One id counter for every kind of row: an order id passed where a
  // ticket id belongs then finds nothing, so tests catch the mix-up.
  int64_t next_id = 1;
  // Counts every write a committed transaction made (saves, numbers, keys,
  // events): a replay must leave it unchanged.
  int64_t writes = 0;
};

/// The ports over one `memory_state`: the committed one for reads, a
/// transaction's private copy for writes. Not synchronised; lives for one
/// `read` or `transact` call.
class memory_unit final : public unit_of_work {
 public:
  explicit memory_unit(memory_state& state, bool fail_saves = false, bool fail_appends = false)
      : state_(state), fail_saves_(fail_saves), fail_appends_(fail_appends) {}

  std::optional<restaurant> find_restaurant(restaurant_id id) override {
    return find(state_.restaurants, id);
  }
  std::vector<restaurant> restaurants() override {
    std::vector<restaurant> out;
    for (const auto& [id, r] : state_.restaurants) out.push_back(r);
    return out;
  }
  std::optional<staff> find_staff(staff_id id) override { return find(state_.staff_members, id); }
  int64_t staff_count(restaurant_id r) override {
    return std::count_if(state_.staff_members.begin(), state_.staff_members.end(),
                         [r](const auto& entry) { return entry.second.restaurant == r; });
  }
  std::optional<staff> find_staff_by_username(std::string_view username) override {
    for (const auto& [id, s] : state_.staff_members) {
      if (s.username == username) return s;
    }
    return std::nullopt;
  }

  std::vector<staff> staff_members(restaurant_id r) override { return of_restaurant(state_.staff_members, r); }
  std::vector<device> devices(restaurant_id r) override { return of_restaurant(state_.devices, r); }
  std::optional<device> find_device(restaurant_id r, device_id id) override { return find_in(state_.devices, r, id); }
  access_revocations revocations() override {
    access_revocations out;
    for (const auto& [id, s] : state_.staff_members) {
      if (s.token_generation > 0 || !s.active) out.staff.push_back({id, s.token_generation, s.active});
    }
    for (const auto& [id, d] : state_.devices) {
      if (d.revoked_at) out.revoked_devices.push_back(id);
    }
    return out;
  }
  std::vector<audit_entry> audit_log(restaurant_id r, int64_t before, size_t limit) override {
    std::vector<audit_entry> out;
    for (auto it = state_.audit.rbegin(); it != state_.audit.rend() && out.size() < limit; ++it) {
      if (it->restaurant == r && (before == 0 || it->id < before)) out.push_back(*it);
    }
    return out;
  }

  bool table_in_use(restaurant_id r, table_id id) override {
    for (const auto& [oid, o] : state_.orders) {
      if (o.restaurant == r && o.table == id) return true;
    }
    for (const auto& [did, d] : state_.devices) {
      if (d.restaurant == r && d.table == id) return true;
    }
    return false;
  }
  bool station_in_use(restaurant_id r, station_id id) override {
    for (const auto& [mid, m] : state_.menu_items) {
      if (m.restaurant == r && m.default_station == id) return true;
    }
    for (const auto& [oid, o] : state_.orders) {
      if (o.restaurant == r && o.ticket && o.ticket->station == id) return true;
      for (const order_item& line : o.items) {
        if (line.station == id) return true;
      }
    }
    return false;
  }

  std::vector<table> tables(restaurant_id r) override { return of_restaurant(state_.tables, r); }
  std::optional<table> find_table(restaurant_id r, table_id id) override {
    return find_in(state_.tables, r, id);
  }
  std::vector<station> stations(restaurant_id r) override {
    return of_restaurant(state_.stations, r);
  }
  std::optional<station> find_station(restaurant_id r, station_id id) override {
    return find_in(state_.stations, r, id);
  }
  // Dishes keep their groups by id: read with the groups' current state,
  // ordered as the SQLite store orders them.
  std::vector<menu_item> menu(restaurant_id r) override {
    std::vector<menu_item> out;
    for (auto m : of_restaurant(state_.menu_items, r)) {
      if (!m.archived) out.push_back(resolved(std::move(m)));
    }
    const auto rank = [&](const menu_item& m) {
      const auto c = state_.categories.find(m.category_id);
      const bool none = c == state_.categories.end();
      return std::make_tuple(none, none ? 0 : c->second.position, m.category_id, m.position, m.id);
    };
    std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
    return out;
  }
  std::optional<menu_item> find_menu_item(restaurant_id r, menu_item_id id) override {
    auto found = find_in(state_.menu_items, r, id);
    if (!found) return std::nullopt;
    return resolved(std::move(*found));
  }
  std::vector<menu_category> menu_categories(restaurant_id r) override {
    auto out = of_restaurant(state_.categories, r);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return std::tie(a.position, a.id) < std::tie(b.position, b.id);
    });
    return out;
  }
  std::vector<modifier_group> modifier_groups(restaurant_id r) override {
    auto out = of_restaurant(state_.groups, r);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return std::tie(a.name, a.id) < std::tie(b.name, b.id); });
    return out;
  }
  bool category_in_use(restaurant_id r, menu_category_id id) override {
    for (const auto& [mid, m] : state_.menu_items) {
      if (m.restaurant == r && m.category_id == id && !m.archived) return true;
    }
    return false;
  }
  bool modifier_group_in_use(restaurant_id r, modifier_group_id id) override {
    for (const auto& [mid, m] : state_.menu_items) {
      if (m.restaurant != r || m.archived) continue;
      for (const auto& g : m.modifier_groups) {
        if (g.id == id) return true;
      }
    }
    return false;
  }

  std::optional<order> find_order(restaurant_id r, order_id id) override {
    return find_in(state_.orders, r, id);
  }
  std::optional<order> find_order_by_ticket(restaurant_id r, kitchen_order_id id) override {
    for (const auto& [oid, o] : state_.orders) {
      if (o.restaurant == r && o.ticket && o.ticket->id == id) return o;
    }
    return std::nullopt;
  }
  order_page list_orders(restaurant_id r, const order_query& query) override {
    order_page page;
    for (auto it = state_.orders.rbegin(); it != state_.orders.rend(); ++it) {
      const order& o = it->second;
      if (o.restaurant != r) continue;
      if (query.before && o.id >= *query.before) continue;
      if (query.status && o.status != *query.status) continue;
      if (query.table && o.table != *query.table) continue;
      if (query.open_only && !order_is_open(o.status)) continue;
      if (static_cast<int32_t>(page.orders.size()) == query.limit) {
        page.next_before = page.orders.back().id;
        break;
      }
      page.orders.push_back(o);
    }
    return page;
  }
  std::vector<std::pair<restaurant_id, order_id>> orders_due_to_fire(timestamp now, size_t limit) override {
    std::vector<std::pair<restaurant_id, order_id>> due;
    for (const auto& [id, o] : state_.orders) {
      const auto r = state_.restaurants.find(o.restaurant);
      // The domain's own rule, as the sqlite store's query states it.
      if (r == state_.restaurants.end()) continue;
      if (workflow::release_due(o, now) || workflow::auto_fire_due(o, r->second, now)) due.emplace_back(o.restaurant, id);
      if (due.size() >= limit) break;
    }
    return due;
  }
  std::vector<order> list_tickets(restaurant_id r, const ticket_query& query) override {
    std::map<kitchen_order_id, const order*> by_ticket;  // oldest ticket first
    for (const auto& [id, o] : state_.orders) {
      if (o.restaurant != r || !o.ticket) continue;
      const bool status_matches =
          query.status ? o.ticket->status == *query.status : ticket_is_open(o.ticket->status);
      if (!status_matches) continue;
      // A station's queue: tickets with a line it cooks (as the sqlite store reads it).
      const order& candidate = o;
      if (query.station && std::none_of(candidate.items.begin(), candidate.items.end(), [&](const order_item& line) {
            return line.status != item_status::cancelled && workflow::line_station(candidate, line) == *query.station;
          }))
        continue;
      by_ticket.emplace(o.ticket->id, &o);
    }
    std::vector<order> out;
    for (const auto& [ticket, o] : by_ticket) out.push_back(*o);
    if (query.status == ticket_status::completed) {
      // The latest bump first, as the sqlite store lists them.
      std::stable_sort(out.begin(), out.end(), [](const order& a, const order& b) {
        return std::tie(b.ticket->completed_at, b.ticket->id) < std::tie(a.ticket->completed_at, a.ticket->id);
      });
    } else {
      // A queue: the oldest ticket first, whatever the order ids say.
      std::stable_sort(out.begin(), out.end(), [](const order& a, const order& b) {
        return std::tie(a.ticket->created_at, a.ticket->id) < std::tie(b.ticket->created_at, b.ticket->id);
      });
    }
    if (query.limit && out.size() > static_cast<size_t>(*query.limit)) out.resize(static_cast<size_t>(*query.limit));
    return out;
  }
  kitchen_throughput throughput(restaurant_id r, timestamp since) override {
    std::map<station_id, station_throughput> by_station;
    kitchen_throughput out;
    for (const auto& [id, o] : state_.orders) {
      if (o.restaurant != r || !o.ticket || o.ticket->status != ticket_status::completed) continue;
      if (!o.ticket->completed_at || *o.ticket->completed_at < since) continue;
      auto& st = by_station[o.ticket->station];
      st.station = o.ticket->station;
      // The station's name now, as the sqlite store joins it; none without a station.
      const auto named = state_.stations.find(o.ticket->station);
      st.name = named == state_.stations.end() ? "" : named->second.name;
      const double seconds = std::chrono::duration<double>(*o.ticket->completed_at - o.ticket->created_at).count();
      st.average_prep_seconds =
          (st.average_prep_seconds * static_cast<double>(st.tickets) + seconds) / static_cast<double>(st.tickets + 1);
      ++st.tickets;
      ++out.tickets_completed;
    }
    for (auto& [id, st] : by_station) out.stations.push_back(std::move(st));
    std::sort(out.stations.begin(), out.stations.end(),
              [](const auto& a, const auto& b) { return std::tie(a.name, a.station) < std::tie(b.name, b.station); });
    return out;
  }
  std::vector<line_times> ready_lines(restaurant_id r, timestamp from, timestamp to) override {
    std::vector<line_times> out;
    for (const auto& [id, o] : state_.orders) {
      if (o.restaurant != r) continue;
      for (const auto& i : o.items) {
        if (i.status == item_status::cancelled || !i.ready_at || *i.ready_at < from || *i.ready_at >= to) continue;
        const station_id where = i.station != 0 ? i.station : (o.ticket ? o.ticket->station : 0);
        const auto st = state_.stations.find(where);
        out.push_back({where, st == state_.stations.end() ? "" : st->second.name, i.menu_item, i.name, i.fired_at,
                       i.ready_at});
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return *a.ready_at < *b.ready_at; });
    return out;
  }
  kitchen_stats stats(restaurant_id r) override {
    kitchen_stats s;
    for (const auto& [id, o] : state_.orders) {
      if (o.restaurant != r || !o.ticket || !ticket_is_open(o.ticket->status)) continue;
      ++s.total;
      switch (o.ticket->status) {
        case ticket_status::pending:
        case ticket_status::acknowledged:
          ++s.pending;
          break;
        case ticket_status::preparing:
          ++s.preparing;
          break;
        case ticket_status::ready:
          ++s.ready;
          break;
        default:
          break;
      }
    }
    return s;
  }
  // Counts each event as one byte: the byte bound of the real store is
  // tested against SQLite (tests/unit/store).
  std::vector<domain_event> events_after(restaurant_id r, uint64_t after, size_t limit,
                                         size_t max_bytes) override {
    std::vector<domain_event> out;
    const auto it = state_.outbox.find(r);
    if (it == state_.outbox.end()) return out;
    for (const domain_event& e : it->second) {
      if (e.sequence > after && out.size() < limit && out.size() < max_bytes) out.push_back(e);
    }
    return out;
  }
  uint64_t last_sequence(restaurant_id r) override {
    const auto it = state_.outbox.find(r);
    return it == state_.outbox.end() || it->second.empty() ? 0 : it->second.back().sequence;
  }

  void save_order(order& o) override {
    if (fail_saves_) throw store_failure("injected: disk full");
    check_order(o);
    if (o.id == 0) o.id = state_.next_id++;
    for (order_item& item : o.items) {
      if (item.id == 0) item.id = state_.next_id++;
    }
    if (o.ticket && o.ticket->id == 0) o.ticket->id = state_.next_id++;
    state_.orders[o.id] = o;
    ++state_.writes;
  }
  int64_t next_order_number(restaurant_id r, int32_t business_day) override {
    ++state_.writes;
    return ++state_.order_numbers[{r, business_day}];
  }
  std::optional<idempotent_request> find_idempotency_key(restaurant_id r,
                                                         std::string_view key) override {
    const auto it = state_.idempotency_keys.find({r, std::string(key)});
    if (it == state_.idempotency_keys.end()) return std::nullopt;
    return it->second;
  }
  void remember_idempotency_key(restaurant_id r, std::string_view key, std::string_view fingerprint,
                                order_id id) override {
    // The first use of a key wins: it is what a retry must get back.
    state_.idempotency_keys.try_emplace({r, std::string(key)}, idempotent_request{std::string(fingerprint), id});
    ++state_.writes;
  }
  void append_events(std::vector<domain_event>& events) override {
    if (fail_appends_) throw store_failure("injected: outbox write failed");
    for (domain_event& e : events) {
      if (!state_.restaurants.contains(e.restaurant)) throw store_failure("appending an event: no such restaurant");
      e.sequence = last_sequence(e.restaurant) + 1;
      state_.outbox[e.restaurant].push_back(e);
      ++state_.writes;
    }
  }

  void save_restaurant(restaurant& r) override { save(state_.restaurants, r); }
  void save_table(table& t) override { save(state_.tables, t); }
  void save_station(station& s) override { save(state_.stations, s); }
  void save_staff(staff& s) override {
    for (const auto& [id, other] : state_.staff_members) {
      if (id != s.id && other.username == s.username) throw store_failure("saving a staff member: username taken");
    }
    save(state_.staff_members, s);
  }
  void save_menu_item(menu_item& m) override { save(state_.menu_items, m); }
  void save_menu_category(menu_category& c) override { save(state_.categories, c); }
  void save_modifier_group(modifier_group& g) override {
    for (auto& option : g.options) {
      if (option.id == 0) option.id = state_.next_id++;
    }
    save(state_.groups, g);
  }
  void delete_menu_category(restaurant_id, menu_category_id id) override {
    for (auto& [mid, m] : state_.menu_items) {
      if (m.category_id == id) m.category_id = 0;
    }
    state_.categories.erase(id);
  }
  void delete_modifier_group(restaurant_id, modifier_group_id id) override {
    for (auto& [mid, m] : state_.menu_items) {
      std::erase_if(m.modifier_groups, [&](const auto& g) { return g.id == id; });
    }
    state_.groups.erase(id);
  }
  void save_device(device& d) override { save(state_.devices, d); }
  void revoke_device(restaurant_id r, device_id id, timestamp at) override {
    auto it = state_.devices.find(id);
    if (it == state_.devices.end() || it->second.restaurant != r) throw store_failure("no such screen");
    it->second.revoked_at = at;
  }
  void delete_table(restaurant_id, table_id id) override { state_.tables.erase(id); }
  void delete_station(restaurant_id, station_id id) override { state_.stations.erase(id); }
  void append_audit(audit_entry& entry) override {
    entry.id = static_cast<int64_t>(state_.audit.size()) + 1;
    state_.audit.push_back(entry);
  }

 private:
  // What the sqlite store's schema refuses: an id that is not this order's
  // own, a restaurant, table or station that is not there (or another
  // restaurant's), and a number taken on the same local business day.
  void check_order(const order& o) const {
    const auto place = state_.restaurants.find(o.restaurant);
    if (place == state_.restaurants.end()) throw store_failure("saving an order: no such restaurant");
    const order* before = nullptr;
    if (o.id != 0) {
      const auto it = state_.orders.find(o.id);
      if (it == state_.orders.end() || it->second.restaurant != o.restaurant)
        throw store_failure("saving an order: no such row");
      before = &it->second;
    }
    for (const order_item& item : o.items) {
      if (item.id == 0) continue;
      if (before == nullptr || std::none_of(before->items.begin(), before->items.end(),
                                            [&](const order_item& line) { return line.id == item.id; }))
        throw store_failure("saving an order line: no such row");
    }
    const auto ours = [&](const auto& rows, int64_t id) {
      const auto it = rows.find(id);
      return it != rows.end() && it->second.restaurant == o.restaurant;
    };
    if (o.table != 0 && !ours(state_.tables, o.table)) throw store_failure("saving an order: no such table");
    if (o.ticket && o.ticket->station != 0 && !ours(state_.stations, o.ticket->station))
      throw store_failure("saving a ticket: no such station");
    const int32_t day = business_day(o.created_at, place->second.timezone);
    for (const auto& [id, other] : state_.orders) {
      if (id != o.id && other.restaurant == o.restaurant && other.number == o.number &&
          business_day(other.created_at, place->second.timezone) == day)
        throw store_failure("saving an order: its number is taken on that business day");
    }
  }

  menu_item resolved(menu_item m) const {
    const auto c = state_.categories.find(m.category_id);
    m.category = c == state_.categories.end() ? std::string{} : c->second.name;
    for (auto& g : m.modifier_groups) {
      if (const auto current = state_.groups.find(g.id); current != state_.groups.end()) g = current->second;
    }
    return m;
  }

  template <typename Map>
  static std::optional<typename Map::mapped_type> find(const Map& rows, int64_t id) {
    const auto it = rows.find(id);
    if (it == rows.end()) return std::nullopt;
    return it->second;
  }
  // Tenant scoping: a row of another restaurant is as absent as a missing one.
  template <typename Map>
  static std::optional<typename Map::mapped_type> find_in(const Map& rows, restaurant_id r,
                                                          int64_t id) {
    auto found = find(rows, id);
    if (found && found->restaurant != r) return std::nullopt;
    return found;
  }
  template <typename Map>
  static std::vector<typename Map::mapped_type> of_restaurant(const Map& rows, restaurant_id r) {
    std::vector<typename Map::mapped_type> out;
    for (const auto& [id, row] : rows) {
      if (row.restaurant == r) out.push_back(row);
    }
    return out;
  }
  template <typename Map, typename Row>
  void save(Map& rows, Row& row) {
    if (row.id == 0) row.id = state_.next_id++;
    rows[row.id] = row;
    ++state_.writes;
  }

  memory_state& state_;
  bool fail_saves_;
  bool fail_appends_;
};

/// An in-memory `kitchen_store` for unit tests. Transactions are serialised
/// by one mutex and run on a copy of the state that replaces the committed
/// one only on success; `after_commit` runs before the next transaction may
/// start, while reads may run (so a subscriber can read what was
/// committed). Thread-safe.
class memory_store final : public kitchen_store {
 public:
  void read(const std::function<void(kitchen_reader&)>& work) override {
    std::lock_guard lock(state_mutex_);
    memory_unit unit(committed_);
    work(unit);
  }

  status transact(const std::function<status(unit_of_work&)>& work,
                  const std::function<void()>& after_commit = {}) override {
    std::lock_guard serial(transaction_mutex_);
    memory_state draft;
    {
      std::lock_guard lock(state_mutex_);
      draft = committed_;
    }
    memory_unit unit(draft, fail_saves_.load(), fail_appends_.load());
    status outcome = work(unit);  // a throw leaves `committed_` as it was
    if (!outcome) return outcome;
    {
      std::lock_guard lock(state_mutex_);
      committed_ = std::move(draft);
      ++commits_;
    }
    if (after_commit) after_commit();
    return outcome;
  }

  // ---- test controls -----------------------------------------------------

  /// Makes save_order (or append_events) throw `store_failure` from now on.
  void fail_saves(bool on) { fail_saves_ = on; }
  void fail_appends(bool on) { fail_appends_ = on; }

  /// A copy of the committed state.
  memory_state snapshot() {
    std::lock_guard lock(state_mutex_);
    return committed_;
  }
  std::vector<domain_event> events(restaurant_id r) { return snapshot().outbox[r]; }
  int64_t writes() { return snapshot().writes; }
  int64_t commits() {
    std::lock_guard lock(state_mutex_);
    return commits_;
  }

  // Seeding reference data, one transaction each; returns the row with its id.
  restaurant add(restaurant r) { return seed(r, &unit_of_work::save_restaurant); }
  table add(table t) { return seed(t, &unit_of_work::save_table); }
  station add(station s) { return seed(s, &unit_of_work::save_station); }
  staff add(staff s) { return seed(s, &unit_of_work::save_staff); }
  menu_item add(menu_item m) { return seed(m, &unit_of_work::save_menu_item); }

 private:
  template <typename Row>
  Row seed(Row row, void (unit_of_work::*save)(Row&)) {
    const status done = transact([&](unit_of_work& uow) -> status {
      (uow.*save)(row);
      return ok_v;
    });
    (void)done;
    return row;
  }

  std::mutex transaction_mutex_;
  std::mutex state_mutex_;
  memory_state committed_;
  int64_t commits_ = 0;
  std::atomic<bool> fail_saves_{false};
  std::atomic<bool> fail_appends_{false};
};

}  // namespace brigade::kitchen::testing
