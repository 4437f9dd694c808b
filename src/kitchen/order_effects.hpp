#pragma once

#include <optional>

#include "common/clock.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/workflow_context.hpp"

namespace brigade::kitchen::workflow {

// The state changes several commands share (the order side of a ticket
// move, a cancellation, a reopened ticket). They change `o` only; the
// commands check the rules first and build the events after.

/// Sets the order's status and the timestamp that goes with it.
void move_order(order& o, order_status to, timestamp now);

/// The order follows its ticket only along its own life (a confirmed order
/// starts preparing, a preparing one gets ready); anything else stays.
/// Returns whether it moved.
bool order_follows(order& o, order_status to, timestamp now);

/// The actor becomes the ticket's chef; a screen is nobody in particular,
/// so it leaves the ticket to whichever cook starts it.
void take_chef(kitchen_order& ticket, const actor& by);

/// Gives the order a new pending, normal-priority ticket at `where`
/// (nullopt: no station yet), and fires its first course.
void open_ticket(order& o, const context& ctx, const std::optional<station>& where);

/// Ready → completed: completed_at, ready lines → served, and a ready order
/// → served. Returns whether the order moved.
bool complete_ticket(order& o, timestamp now);

/// Order, open ticket and every item not served → cancelled at `now`.
/// The totals keep their last values.
void cancel_order(order& o, timestamp now);

/// A ready or completed ticket goes back to preparing (new items arrived);
/// a ready or served order follows. The ready/served/completed timestamps
/// are cleared so they describe the current pass. Returns whether the order
/// moved.
bool reopen_ticket(order& o);

}  // namespace brigade::kitchen::workflow
