#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/workflow_context.hpp"

namespace brigade::kitchen::workflow {

// The waiter-side commands of docs/kitchen.md as pure functions over one
// order aggregate. Each checks the rules against inputs the service already
// looked up in the store, changes `o` only when every rule holds, and
// returns the events in the documented order (snapshots of `o` after the
// change; kitchen_stats_changed is the service's, as it needs the store).
// On error `o` is unchanged. Not synchronised: one order, one caller.

/// Builds a new order in `o` (ids 0, number empty: the service assigns
/// them) at table `at` (nullopt: no such table → validation `tableId`). A
/// restaurant that sends orders straight to the kitchen gets it confirmed
/// with a pending ticket at `ticket_station`.
/// Events: order_created (+ order_confirmed).
result<event_list> create_order(order& o, const context& ctx, const std::optional<table>& at,
                                const std::vector<resolved_item>& items, std::string_view notes,
                                const std::optional<station>& ticket_station);

/// pending → confirmed, opening the ticket (at `ticket_station`) unless one
/// exists. Events: order_confirmed, order_status_changed.
result<event_list> confirm(order& o, const context& ctx,
                           const std::optional<station>& ticket_station);

/// The waiter's status moves (`order_status_settable`): → confirmed as
/// `confirm`; ready → served, completing a ready ticket (order_status_changed,
/// ticket_completed); served → completed (order_status_changed).
result<event_list> set_status(order& o, const context& ctx, order_status to,
                              const std::optional<station>& ticket_station = std::nullopt);

/// Appends the items (pending) and recomputes the totals. A ticket is marked
/// changed; a ready or completed one reopens to preparing and the order
/// follows. Events: order_items_added (+ order_status_changed).
result<event_list> add_items(order& o, const context& ctx, const std::vector<resolved_item>& items);

/// One item one step forward, or cancelled (totals recomputed).
/// Events: order_item_status_changed.
result<event_list> set_item_status(order& o, const context& ctx, order_item_id item,
                                   item_status to);

/// Opens a cancellation request; an order without a ticket is cancelled at
/// once. Events: order_cancel_requested (+ order_cancelled).
result<event_list> request_cancellation(order& o, const context& ctx, std::string_view reason);

/// The menu item whose default station a new ticket takes: the first item
/// not cancelled (or the first item when all are). nullopt: no items.
std::optional<menu_item_id> ticket_station_source(const order& o);

}  // namespace brigade::kitchen::workflow
