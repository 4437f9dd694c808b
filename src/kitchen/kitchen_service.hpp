#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "kitchen/commands.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/menu_changes.hpp"
#include "kitchen/events.hpp"
#include "kitchen/ports.hpp"

namespace brigade::kitchen {

/// An order returned by create: `replayed` when an Idempotency-Key matched
/// an order created before (nothing new was created).
struct created_order {
  kitchen::order order;
  bool replayed = false;
};

/// What a kitchen screen shows: the orders with an open ticket, oldest
/// ticket first, and the counts, read together so they agree.
struct kitchen_board {
  std::vector<order> tickets;
  kitchen_stats stats;
};

/// The kitchen's use cases: each command loads the aggregate, applies the
/// rules (order_workflow), saves it and its events in one transaction, then
/// publishes the events to the subscribers (persist, then announce).
/// Rule violations come back as errors (kitchen/errors.hpp); store failures
/// throw `store_failure`.
/// Thread-safety: every method may be called from any thread at once; it
/// blocks on the store, so call it off the I/O loops. Subscribe before use.
class kitchen_service {
 public:
  explicit kitchen_service(kitchen_store& store, std::function<timestamp()> clock = now_utc);

  void subscribe(event_subscriber& subscriber);

  // Every use case first checks the actor's role (access_policy.hpp) and
  // answers `forbidden` when it may not; a table display sees only its own
  // table, and another table's order is `not_found` to it.

  // Reference data of the actor's restaurant.
  result<std::vector<table>> tables(const actor& by);
  result<std::vector<station>> stations(const actor& by);
  /// The menu: dishes with their groups, categories, every group, currency.
  result<menu_catalog> menu(const actor& by);
  /// Live 86: marks a menu item of the actor's restaurant sold out
  /// (`available` false) or available again, and announces
  /// menu_item_availability_changed to the kitchen and the waiters. Orders
  /// already taken are untouched; new ones with the item are refused
  /// (sold_out). Setting what already holds changes and announces nothing.
  result<menu_item> set_menu_item_availability(const actor& by, menu_item_id id, bool available);
  /// The staff member whose username and password these are, or
  /// `unauthenticated` with one message whichever was wrong: find_login
  /// then verify_login (kitchen/credentials.hpp) on the calling thread.
  result<actor> check_credentials(std::string_view username, std::string_view password);
  /// A login's store read: the staff member with this username, with the
  /// password hash to verify (verify_login, off the database workers), or
  /// nullopt for an unknown or oversize one. Checks no permission.
  std::optional<staff> find_login(std::string_view username);
  /// The staff member with this username, or not_found. Checks no password:
  /// for trusted callers only (`brigade token` on the server's own machine).
  result<actor> find_actor(std::string_view username);
  /// Registers a screen (kitchen_display, or table_display of one table of
  /// the actor's restaurant); the caller then issues its token.
  result<device> register_device(const actor& by, const new_device& request);

  // Orders (waiters).
  result<created_order> create_order(const actor& by, const create_order_command& command);
  result<order> get_order(const actor& by, order_id id);
  result<order_page> list_orders(const actor& by, const order_query& query);
  /// The table's open orders, oldest first (a table screen's state), or
  /// not_found for a table of another restaurant or none.
  result<std::vector<order>> open_orders_at_table(const actor& by, table_id table);
  result<order> confirm_order(const actor& by, order_id id);
  result<order> set_order_status(const actor& by, order_id id, order_status to);
  result<order> add_items(const actor& by, order_id id, const std::vector<new_item>& items);
  result<order> set_item_status(const actor& by, order_id id, order_item_id item, item_status to);
  result<order> request_cancellation(const actor& by, order_id id, const std::string& reason);

  // Tickets (kitchen).
  /// The queue, oldest ticket first; `status=completed` lists the latest
  /// bumps first, kDefaultCompletedTickets of them unless `limit` says.
  /// With a station: the tickets with a line it cooks, with only those lines.
  result<std::vector<order>> list_tickets(const actor& by, const ticket_query& query);
  result<kitchen_stats> stats(const actor& by);
  result<kitchen_board> board(const actor& by);
  /// The kitchen's throughput over the last `window` (managers: the live
  /// dashboard). Reads the store: call it off the I/O loops.
  result<kitchen_throughput> throughput(const actor& by, std::chrono::minutes window);
  /// The speed-of-service report of the actor's restaurant (managers);
  /// kitchen_service_reports.cpp.
  result<speed_of_service_report> speed_of_service(const actor& by, const report_query& query);
  result<order> acknowledge_ticket(const actor& by, kitchen_order_id id);
  result<order> start_ticket(const actor& by, kitchen_order_id id);
  result<order> ready_ticket(const actor& by, kitchen_order_id id);
  result<order> complete_ticket(const actor& by, kitchen_order_id id);
  /// Undoes a bump within workflow::kRecallWindow (ticket_workflow.hpp).
  result<order> recall_ticket(const actor& by, kitchen_order_id id);
  result<order> accept_cancellation(const actor& by, kitchen_order_id id);
  result<order> reject_cancellation(const actor& by, kitchen_order_id id, const std::string& reason);
  result<order> set_priority(const actor& by, kitchen_order_id id, ticket_priority priority);
  result<order> assign_station(const actor& by, kitchen_order_id id, station_id station);

  // Stations and courses (docs/kitchen.md "Stations and courses").
  /// The waiter fires a held course of the order (workflow::fire_course).
  result<order> fire_course(const actor& by, order_id id, int32_t course);
  /// A station's part of a ticket moves on (station 0: the lines without one).
  result<order> set_station_progress(const actor& by, kitchen_order_id id, station_id where, item_status to);
  /// A chef sends one line of a ticket to another station.
  result<order> assign_line_station(const actor& by, kitchen_order_id id, order_item_id line, station_id station);
  /// The server's timer, each order in its own command (actor: nobody):
  /// puts on the screens the fired lines whose turn came (fire by prep
  /// time), and fires the next held course of every order whose
  /// restaurant's auto_fire_minutes have passed since its last line went to
  /// the kitchen. Checks no permission: not for clients. Returns how many
  /// orders it changed; store failures throw.
  size_t fire_due_courses();

  /// The restaurant's committed events after `after`, oldest first: at most
  /// `limit`, cut after the one that reaches `max_bytes` stored (ports.hpp);
  /// `more` says whether later events exist.
  struct event_page {
    std::vector<domain_event> events;
    bool more = false;
  };
  result<event_page> events_after(const actor& by, uint64_t after, size_t limit, size_t max_bytes);
  /// The same for replaying what a screen missed while disconnected: no
  /// permission of its own, because the caller keeps to the rooms the
  /// screen was let into (realtime/recovery_service.hpp).
  std::vector<domain_event> events_for_replay(restaurant_id r, uint64_t after, size_t limit);
  /// Every restaurant's last outbox sequence (0: no event yet).
  std::vector<std::pair<restaurant_id, uint64_t>> outbox_heads();

 private:
  kitchen_store& store_;
  std::function<timestamp()> clock_;
  std::vector<event_subscriber*> subscribers_;
};

}  // namespace brigade::kitchen
