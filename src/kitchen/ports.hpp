#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "kitchen/commands.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/events.hpp"
#include "kitchen/speed_of_service.hpp"

namespace brigade::kitchen {

// The domain's view of persistence (ports); src/store implements them.
// Every query is scoped by restaurant: nothing crosses tenants.

/// `max_bytes` of a read that is bounded by count alone.
inline constexpr size_t kNoByteLimit = SIZE_MAX;

/// A store failure the caller cannot fix (disk full, corrupt file, I/O
/// error). Thrown by store implementations; the API turns it into a 503.
class store_failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What an idempotency key was first used for.
struct idempotent_request {
  std::string fingerprint;
  order_id order = 0;
};

/// Reads, consistent within one call of `kitchen_store::read` or `transact`.
class kitchen_reader {
 public:
  virtual ~kitchen_reader() = default;

  virtual std::optional<restaurant> find_restaurant(restaurant_id id) = 0;
  virtual std::vector<restaurant> restaurants() = 0;
  virtual std::optional<staff> find_staff(staff_id id) = 0;
  virtual std::optional<staff> find_staff_by_username(std::string_view username) = 0;
  /// Every staff member of the restaurant, active or not, by id.
  virtual std::vector<staff> staff_members(restaurant_id r) = 0;
  /// The restaurant's screens, revoked ones included, by id.
  virtual std::vector<device> devices(restaurant_id r) = 0;
  virtual std::optional<device> find_device(restaurant_id r, device_id id) = 0;
  /// Staff whose tokens may be refused (generation above 0 or inactive) and
  /// revoked screens, over every restaurant.
  virtual access_revocations revocations() = 0;
  /// The audit log, newest first: entries with id < `before` (0: from the
  /// newest), at most `limit`.
  virtual std::vector<audit_entry> audit_log(restaurant_id r, int64_t before, size_t limit) = 0;
  /// Whether an order or a screen names the table; an order's ticket or a
  /// menu item the station (then they cannot be deleted).
  virtual bool table_in_use(restaurant_id r, table_id id) = 0;
  virtual bool station_in_use(restaurant_id r, station_id id) = 0;
  /// How many staff members the restaurant has.
  virtual int64_t staff_count(restaurant_id r) = 0;

  virtual std::vector<table> tables(restaurant_id r) = 0;
  virtual std::optional<table> find_table(restaurant_id r, table_id id) = 0;
  virtual std::vector<station> stations(restaurant_id r) = 0;
  virtual std::optional<station> find_station(restaurant_id r, station_id id) = 0;
  /// The dishes on the menu (archived ones left out) with their category's
  /// name and their modifier groups, by category position (none last), then
  /// position, then id.
  virtual std::vector<menu_item> menu(restaurant_id r) = 0;
  /// A dish, archived or not (orders name archived ones).
  virtual std::optional<menu_item> find_menu_item(restaurant_id r, menu_item_id id) = 0;
  /// Categories by position, then id; modifier groups by name, with options.
  virtual std::vector<menu_category> menu_categories(restaurant_id r) = 0;
  virtual std::vector<modifier_group> modifier_groups(restaurant_id r) = 0;
  /// Whether a dish on the menu is in the category, or offers the group.
  virtual bool category_in_use(restaurant_id r, menu_category_id id) = 0;
  virtual bool modifier_group_in_use(restaurant_id r, modifier_group_id id) = 0;

  virtual std::optional<order> find_order(restaurant_id r, order_id id) = 0;
  virtual std::optional<order> find_order_by_ticket(restaurant_id r, kitchen_order_id id) = 0;
  virtual order_page list_orders(restaurant_id r, const order_query& query) = 0;
  /// Orders whose ticket matches, oldest ticket first (the kitchen's queue),
  /// or for `completed` the latest completion first (ties: the newest
  /// ticket first); at most `query.limit` when it is set.
  virtual std::vector<order> list_tickets(restaurant_id r, const ticket_query& query) = 0;
  /// Open orders the timer has work for at `now` (workflow::release_due or
  /// workflow::auto_fire_due): a fired line whose turn came, or a held
  /// course in a restaurant that auto-fires whose latest line went to the
  /// kitchen at least its auto_fire_minutes before. (restaurant, order),
  /// oldest order first, at most `limit`.
  virtual std::vector<std::pair<restaurant_id, order_id>> orders_due_to_fire(timestamp now, size_t limit) = 0;
  virtual kitchen_stats stats(restaurant_id r) = 0;
  /// Tickets completed at or after `since` (still completed: a recalled one
  /// is not), by station (kitchen_throughput).
  virtual kitchen_throughput throughput(restaurant_id r, timestamp since) = 0;
  /// The restaurant's lines not cancelled whose ready_at falls in [from, to),
  /// fired or not, the earliest ready first (the speed-of-service report). The
  /// caller bounds the range (kMaxReportRange).
  virtual std::vector<line_times> ready_lines(restaurant_id r, timestamp from, timestamp to) = 0;

  /// Outbox events with sequence > `after`, in order, at most `limit`, and
  /// none after the one that brings their stored size to `max_bytes` (so
  /// always at least one when there is one): a page of events is bounded in
  /// memory as well as in count.
  virtual std::vector<domain_event> events_after(restaurant_id r, uint64_t after, size_t limit,
                                                 size_t max_bytes) = 0;
  /// Sequence of the restaurant's latest event (0: none yet).
  virtual uint64_t last_sequence(restaurant_id r) = 0;
};

/// One transaction: the reads above plus writes, all or nothing.
class unit_of_work : public kitchen_reader {
 public:
  /// Inserts (id 0) or updates the whole aggregate: order, items, ticket and
  /// cancellation request. Assigns ids to everything new.
  virtual void save_order(order& o) = 0;
  /// 1, 2, 3, … per restaurant and business day (days since the epoch in the
  /// restaurant's local time).
  virtual int64_t next_order_number(restaurant_id r, int32_t business_day) = 0;

  virtual std::optional<idempotent_request> find_idempotency_key(restaurant_id r, std::string_view key) = 0;
  virtual void remember_idempotency_key(restaurant_id r, std::string_view key, std::string_view fingerprint,
                                        order_id id) = 0;

  /// Writes the events to the outbox, assigning each the restaurant's next
  /// sequence number (in place).
  virtual void append_events(std::vector<domain_event>& events) = 0;

  // Reference data (demo data, later the back office). Insert when id is 0.
  virtual void save_restaurant(restaurant& r) = 0;
  virtual void save_table(table& t) = 0;
  virtual void save_station(station& s) = 0;
  virtual void save_staff(staff& s) = 0;
  /// Saves a dish with its group links (from modifier_groups' ids, in order).
  virtual void save_menu_item(menu_item& m) = 0;
  virtual void save_menu_category(menu_category& c) = 0;
  /// Saves a group and its options: options with an id keep it, new ones
  /// get one, the ones no longer listed go.
  virtual void save_modifier_group(modifier_group& g) = 0;
  /// Delete what nothing uses (check *_in_use first).
  virtual void delete_menu_category(restaurant_id r, menu_category_id id) = 0;
  virtual void delete_modifier_group(restaurant_id r, modifier_group_id id) = 0;
  /// Registers a screen (always an insert: assigns its id).
  virtual void save_device(device& d) = 0;
  /// Marks a screen revoked at `at`.
  virtual void revoke_device(restaurant_id r, device_id id, timestamp at) = 0;
  /// Deletes a table or station nothing refers to (check *_in_use first).
  virtual void delete_table(restaurant_id r, table_id id) = 0;
  virtual void delete_station(restaurant_id r, station_id id) = 0;
  /// Appends to the audit log (assigns the id).
  virtual void append_audit(audit_entry& entry) = 0;
};

/// A durable store. Thread-safety: `read` and `transact` may be called from
/// any number of threads at once; transactions are serialised, reads see
/// the last committed state. Both throw `store_failure` on I/O errors.
class kitchen_store {
 public:
  virtual ~kitchen_store() = default;
  virtual void read(const std::function<void(kitchen_reader&)>& work) = 0;
  /// Runs `work` in one transaction (which may share its commit with
  /// others', group commit), durably committed when `work` returns success
  /// and before `transact` returns; rolled back when it returns an error or
  /// throws, without touching the others. `work` may run on another
  /// caller's thread. `after_commit` runs once the commit is durable and
  /// before `transact` returns, after every earlier transaction's and before
  /// any later one's, so events are announced in sequence order.
  virtual status transact(const std::function<status(unit_of_work&)>& work,
                          const std::function<void()>& after_commit = {}) = 0;
};

}  // namespace brigade::kitchen
