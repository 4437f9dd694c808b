#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "common/result.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/workflow_context.hpp"

namespace brigade::kitchen::workflow {

// The kitchen-side commands of docs/kitchen.md "Ticket status",
// "Cancellation" and "Priority and station", as pure functions over the
// order that owns the ticket. Same contract as order_workflow.hpp: rules
// first, `o` unchanged on error, events in the documented order without
// kitchen_stats_changed. An order without a ticket is a conflict.
// Not synchronised: one order, one caller.

/// pending → acknowledged; the actor becomes the chef.
/// Events: ticket_acknowledged.
result<event_list> acknowledge(order& o, const context& ctx);

/// pending/acknowledged → preparing; the actor becomes the chef if there is
/// none; pending items → preparing; a confirmed order → preparing.
/// Events: ticket_preparing (+ order_status_changed).
result<event_list> start(order& o, const context& ctx);

/// preparing → ready; pending and preparing items → ready; a preparing
/// order → ready. Events: ticket_ready (+ order_status_changed).
result<event_list> mark_ready(order& o, const context& ctx);

/// ready → completed (fixing the prep time); ready items → served; a ready
/// order → served. Events: ticket_completed (+ order_status_changed).
result<event_list> complete(order& o, const context& ctx);

/// How long after a bump (complete) the kitchen may still recall the ticket.
// Long enough for a cook to notice the wrong ticket left the screen and the
// plates are still on the pass; short enough that a recall cannot pull back
// an order the guests have long since eaten (the waiter adds items for that).
inline constexpr std::chrono::minutes kRecallWindow{10};

/// Undoes a bump: completed → ready (completed_at and so the prep time
/// cleared) when it was completed at most kRecallWindow ago; served items →
/// ready; a served order → ready (served_at cleared). A ticket that is not
/// completed is invalid_transition (from, ready); a completed or cancelled
/// order, or a bump older than the window, is a conflict.
/// Events: ticket_recalled (+ order_status_changed).
result<event_list> recall(order& o, const context& ctx);

/// Needs an open cancellation request: it is accepted; ticket, order and
/// every item not served are cancelled. Events: ticket_cancel_accepted,
/// order_cancelled.
result<event_list> accept_cancellation(order& o, const context& ctx);

/// Needs an open cancellation request and a reason of 1–500 characters:
/// the request is rejected; nothing else changes.
/// Events: ticket_cancel_rejected.
result<event_list> reject_cancellation(order& o, const context& ctx, std::string_view reason);

/// On an open ticket; the same priority again changes and emits nothing.
/// Events: ticket_priority_changed.
result<event_list> set_priority(order& o, const context& ctx, ticket_priority priority);

/// `where` is the station the store found (nullopt: none → validation
/// `stationId`). Open ticket only; the same station again emits nothing.
/// Events: ticket_station_assigned.
result<event_list> assign_station(order& o, const context& ctx,
                                  const std::optional<station>& where);

}  // namespace brigade::kitchen::workflow
