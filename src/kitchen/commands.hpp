#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kitchen/entities.hpp"
#include "kitchen/ids.hpp"
#include "kitchen/status.hpp"

namespace brigade::kitchen {

// Inputs of the commands, already decoded from the wire but not yet
// validated against the rules (the workflow does that). Plain value types.

struct new_item {
  menu_item_id menu_item = 0;
  int32_t quantity = 1;
  std::string notes;
  /// The chosen modifier options, by id (checked against the dish's groups).
  std::vector<modifier_option_id> modifiers{};
  int32_t seat = 0;    // 0: the table (shared)
  int32_t course = 0;  // 0: the dish's default course
};

struct create_order_command {
  table_id table = 0;
  std::vector<new_item> items;
  std::string notes;
  /// Idempotency-Key header: the same key returns the same order. Empty: none.
  std::string idempotency_key;
  /// Fingerprint of the request body, to refuse one key reused for another order.
  std::string request_fingerprint;
};

/// Filters for listing orders, newest first. `before` is the cursor: only
/// orders with a smaller id.
struct order_query {
  std::optional<order_status> status;
  std::optional<table_id> table;
  int32_t limit = 50;
  std::optional<order_id> before;
  /// Only orders still in progress (neither completed nor cancelled).
  bool open_only = false;
};

struct order_page {
  std::vector<order> orders;
  std::optional<order_id> next_before;  // cursor of the next page, if any
};

/// A screen to register: its role (kitchen_display or table_display), its
/// table (table displays only) and a name staff recognise ("Pass", "T3").
struct new_device {
  staff_role role = staff_role::kitchen_display;
  std::optional<table_id> table;
  std::string name;
};

/// Filters for the kitchen's tickets; without a status, the open ones.
/// Oldest ticket first, except `completed`: the latest bump first, the list
/// a kitchen screen recalls from.
struct ticket_query {
  std::optional<ticket_status> status;
  std::optional<station_id> station;
  /// At most this many; nullopt: every match, except for `completed`, which
  /// then lists kDefaultCompletedTickets.
  std::optional<int32_t> limit;
};

// Open tickets are bounded by what the kitchen has in hand; completed ones
// pile up all day and stay for good, so their list is always a page. 50
// covers every bump of a recall window in a busy kitchen.
inline constexpr int32_t kDefaultCompletedTickets = 50;

}  // namespace brigade::kitchen
