#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/result.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/status.hpp"

namespace brigade::kitchen {

/// Everything a role may or may not do: the REST commands and reads, and
/// watching the four kinds of Socket.IO room. One row each in
/// `access_rules()`, which docs/security.md is generated from.
enum class permission {
  read_catalog,
  read_orders,
  read_events,
  create_order,
  add_items,
  request_cancellation,
  serve,
  close_order,
  fire_course,
  cancel_item,
  read_kitchen,
  acknowledge_ticket,
  start_ticket,
  update_item_progress,
  ready_ticket,
  complete_ticket,
  recall_ticket,
  decide_cancellation,
  set_priority,
  assign_station,
  set_availability,
  issue_device_tokens,
  manage_staff,
  manage_screens,
  manage_floor,
  manage_menu,
  read_audit_log,
  view_monitoring,
  watch_kitchen,
  watch_waiters,
  watch_table,
  watch_order,
};

/// A set of roles, one bit per staff_role value.
using role_set = uint8_t;

constexpr role_set role_bit(staff_role r) { return static_cast<role_set>(1u << static_cast<unsigned>(r)); }

/// One row of the access table: who may do `what`, and whether a table
/// display may do it only for its own table.
struct access_rule {
  permission what;
  std::string_view name;         // stable wire name, e.g. "acknowledge_ticket"
  std::string_view description;  // completes "may …", e.g. "acknowledge a ticket"
  role_set roles;
  bool own_table_only_for_table_display = false;
};

/// The whole table, in declaration order of `permission`. Constant data.
std::span<const access_rule> access_rules();
const access_rule& rule_of(permission p);

/// Whether `role` may do `p` at all (a table display's table scope aside).
/// Pure; thread-safe.
bool role_may(staff_role role, permission p);

/// nullopt when `by` may do `p`; otherwise a `forbidden` error saying who
/// may not do what. Pure; thread-safe.
std::optional<error> check_permission(const actor& by, permission p);

/// nullopt when `by` may see table `t`: everyone but a table display, which
/// sees only its own table; otherwise `forbidden`. Pure; thread-safe.
std::optional<error> check_table_scope(const actor& by, table_id t);

}  // namespace brigade::kitchen
