#pragma once

#include "kitchen/status.hpp"

namespace brigade::kitchen {

// The state machines of docs/kitchen.md as tables: each answers "may an
// entity in `from` move to `to`?" for every pair, so tests can enumerate
// them. Pure functions.

/// The order's life as a whole: pending → confirmed → preparing → ready →
/// served → completed, and any state but served, completed and cancelled →
/// cancelled. (Adding items may also send a ready or served order back to
/// preparing: see `order_reopens`.)
bool order_can_move(order_status from, order_status to);

/// The subset `set_order_status` accepts from a waiter: pending →
/// confirmed, ready → served, served → completed. The kitchen's own moves,
/// backwards moves, the same status and → cancelled are refused.
bool order_status_settable(order_status from, order_status to);

/// Ticket commands: pending → acknowledged; pending or acknowledged →
/// preparing; preparing → ready; ready → completed; any open → cancelled.
bool ticket_can_move(ticket_status from, ticket_status to);

/// The item status command: one step forward pending → preparing → ready →
/// served, or any but served (and cancelled) → cancelled.
bool item_can_move(item_status from, item_status to);

/// Open tickets (pending, acknowledged, preparing, ready) are still the
/// kitchen's work; completed and cancelled ones are closed.
bool ticket_is_open(ticket_status s);
/// Neither completed nor cancelled: still on a table screen.
bool order_is_open(order_status s);

/// Items may be added while the order is pending, confirmed, preparing,
/// ready or served.
bool order_accepts_items(order_status s);

/// Item statuses may change unless the order is completed or cancelled.
bool order_accepts_item_changes(order_status s);

/// A cancellation may be requested unless the order is served, completed
/// or cancelled.
bool order_accepts_cancel_request(order_status s);

/// Adding items to a ready or completed ticket reopens it to preparing.
bool ticket_reopens(ticket_status s);

}  // namespace brigade::kitchen
