#include "kitchen/access_policy.hpp"

#include <array>
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "kitchen/errors.hpp"

namespace brigade::kitchen {
namespace {

constexpr role_set kWaiter = role_bit(staff_role::waiter);
constexpr role_set kChef = role_bit(staff_role::chef);
constexpr role_set kManager = role_bit(staff_role::manager);
constexpr role_set kKitchenDisplay = role_bit(staff_role::kitchen_display);
constexpr role_set kTableDisplay = role_bit(staff_role::table_display);

// The floor (waiters), the kitchen (cooks and their screens), everyone.
constexpr role_set kFloor = kWaiter | kManager;
constexpr role_set kKitchen = kChef | kKitchenDisplay | kManager;
constexpr role_set kStaffAndKitchenScreens = kWaiter | kChef | kManager | kKitchenDisplay;

// The one access table (docs/security.md is rendered from it). Managers may
// do everything; a table display only reads, and only its own table.
constexpr std::array<access_rule, 32> kRules{{
    {permission::read_catalog, "read_catalog", "read the tables, stations and menu", kStaffAndKitchenScreens},
    {permission::read_orders, "read_orders", "read orders", kStaffAndKitchenScreens | kTableDisplay, true},
    {permission::read_events, "read_events", "replay the event log", kStaffAndKitchenScreens},
    {permission::create_order, "create_order", "create and confirm orders", kFloor},
    {permission::add_items, "add_items", "add items to an order", kFloor},
    {permission::request_cancellation, "request_cancellation", "request a cancellation", kFloor},
    {permission::serve, "serve", "mark items and orders served", kFloor},
    {permission::close_order, "close_order", "complete (close) an order", kFloor},
    {permission::fire_course, "fire_course", "fire an order's held course", kFloor},
    {permission::cancel_item, "cancel_item", "cancel a single item", kFloor | kKitchen},
    {permission::read_kitchen, "read_kitchen", "read the kitchen's tickets and stats", kKitchen},
    {permission::acknowledge_ticket, "acknowledge_ticket", "acknowledge a ticket", kKitchen},
    {permission::start_ticket, "start_ticket", "start preparing a ticket", kKitchen},
    {permission::update_item_progress, "update_item_progress", "mark items, or a station's part of a ticket, preparing or ready", kKitchen},
    {permission::ready_ticket, "ready_ticket", "mark a ticket ready", kKitchen},
    {permission::complete_ticket, "complete_ticket", "complete (bump) a ticket", kKitchen},
    {permission::recall_ticket, "recall_ticket", "recall a bumped ticket", kKitchen},
    {permission::decide_cancellation, "decide_cancellation", "accept or reject a cancellation", kKitchen},
    {permission::set_priority, "set_priority", "change a ticket's priority", kKitchen},
    {permission::assign_station, "assign_station", "assign a ticket's station, or one line's", kKitchen},
    {permission::set_availability, "set_availability", "mark a menu item sold out (86) or available again",
     kChef | kManager},
    {permission::issue_device_tokens, "issue_device_tokens", "register screens and issue their tokens", kManager},
    {permission::manage_staff, "manage_staff",
     "add staff, rename them, change their role, reset their password, deactivate them", kManager},
    {permission::manage_screens, "manage_screens", "list the paired screens and revoke one", kManager},
    {permission::manage_floor, "manage_floor", "add, change and remove tables and stations", kManager},
    {permission::manage_menu, "manage_menu",
     "build the menu: categories, dishes, modifier groups, import and export", kManager},
    {permission::read_audit_log, "read_audit_log", "read the back office's audit log", kManager},
    {permission::view_monitoring, "view_monitoring", "watch the live admin feed and the kitchen's throughput",
     kManager},
    {permission::watch_kitchen, "watch_kitchen", "join the kitchen room", kKitchen},
    {permission::watch_waiters, "watch_waiters", "join the waiters room", kFloor},
    {permission::watch_table, "watch_table", "join a table room", kFloor | kTableDisplay, true},
    {permission::watch_order, "watch_order", "join an order room", kStaffAndKitchenScreens | kTableDisplay, true},
}};

static_assert(kRules.size() == static_cast<size_t>(permission::watch_order) + 1, "one rule per permission");

constexpr bool rules_in_order() {
  for (size_t i = 0; i < kRules.size(); ++i) {
    if (static_cast<size_t>(kRules[i].what) != i) return false;
  }
  return true;
}
static_assert(rules_in_order(), "kRules must follow the order of enum permission");

// "waiter" → "A waiter", "kitchen_display" → "A kitchen display".
std::string role_phrase(staff_role r) {
  std::string name(to_string(r));
  for (char& c : name) {
    if (c == '_') c = ' ';
  }
  return fmt::format("A {}", name);
}

}  // namespace

std::span<const access_rule> access_rules() { return kRules; }

const access_rule& rule_of(permission p) { return kRules.at(static_cast<size_t>(p)); }

bool role_may(staff_role role, permission p) { return (rule_of(p).roles & role_bit(role)) != 0; }

std::optional<error> check_permission(const actor& by, permission p) {
  if (role_may(by.role, p)) return std::nullopt;
  return forbidden(fmt::format("{} may not {}", role_phrase(by.role), rule_of(p).description));
}

std::optional<error> check_table_scope(const actor& by, table_id t) {
  if (by.role != staff_role::table_display || by.table == t) return std::nullopt;
  return forbidden(fmt::format("This table display may only see table {}", by.table));
}

}  // namespace brigade::kitchen
