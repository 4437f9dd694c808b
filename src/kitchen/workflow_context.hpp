#pragma once

#include <optional>
#include <vector>

#include "common/clock.hpp"
#include "kitchen/commands.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/events.hpp"

namespace brigade::kitchen::workflow {

/// What every workflow step needs besides the order: the restaurant it
/// belongs to (pricing, kitchen switch), who acts, and the one instant the
/// whole command happens at. Plain value type.
struct context {
  kitchen::restaurant restaurant;
  kitchen::actor actor;
  timestamp now{};
};

/// A requested item with the menu entry the store found for it in the
/// actor's restaurant (nullopt: no such menu item there) and the dish's
/// default station (nullopt: none). Plain value type.
struct resolved_item {
  new_item request;
  std::optional<menu_item> menu;
  std::optional<kitchen::station> station{};
};

/// The events one command produced, in the order docs/kitchen.md "Events"
/// gives. Sequences stay 0 until the store appends them.
using event_list = std::vector<domain_event>;

/// An event of `type` about `o` as it is now (the snapshot is a copy).
domain_event make_event(event_type type, const context& ctx, const order& o);

/// kitchen_stats_changed carrying `stats`; it has no order.
domain_event make_stats_event(const context& ctx, const kitchen_stats& stats);

/// After the store saved `saved` (assigning ids to the new order, items or
/// ticket), replaces every event's snapshot with it and fills
/// order_items_added's ids: the workflow appends new items at the end, and
/// the event holds one placeholder per new item.
void attach_saved_order(event_list& events, const order& saved);

}  // namespace brigade::kitchen::workflow
