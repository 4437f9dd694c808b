#include "kitchen/ticket_workflow.hpp"

#include <fmt/format.h>

#include "kitchen/errors.hpp"
#include "kitchen/line_progress.hpp"
#include "kitchen/order_effects.hpp"
#include "kitchen/transitions.hpp"
#include "kitchen/validation.hpp"

namespace brigade::kitchen::workflow {
namespace {

// The service reaches an order through its ticket, so a missing one means
// a caller used these functions on an order that never went to the kitchen.
error no_ticket(const order& o) {
  return conflict(fmt::format("order {} has no kitchen ticket", o.id));
}

std::optional<error> check_ticket_move(const order& o, ticket_status to) {
  if (!o.ticket) return no_ticket(o);
  if (!ticket_can_move(o.ticket->status, to))
    return invalid_transition("ticket", o.ticket->status, to);
  return std::nullopt;
}

std::optional<error> check_open_ticket(const order& o, std::string_view what) {
  if (!o.ticket) return no_ticket(o);
  if (ticket_is_open(o.ticket->status)) return std::nullopt;
  return conflict(
      fmt::format("the ticket is {}: its {} cannot change", to_string(o.ticket->status), what));
}

std::optional<error> check_open_request(const order& o) {
  if (o.cancellation && o.cancellation->status == cancel_request_status::open) return std::nullopt;
  return conflict("there is no open cancellation request for this order");
}

// The ticket event, then order_status_changed when the order followed.
event_list ticket_moved(event_type type, const context& ctx, const order& o, bool order_moved) {
  event_list events{make_event(type, ctx, o)};
  if (order_moved) events.push_back(make_event(event_type::order_status_changed, ctx, o));
  return events;
}

}  // namespace

result<event_list> acknowledge(order& o, const context& ctx) {
  if (auto e = check_ticket_move(o, ticket_status::acknowledged)) return *e;
  kitchen_order& ticket = *o.ticket;
  ticket.status = ticket_status::acknowledged;
  take_chef(ticket, ctx.actor);
  ticket.acknowledged_at = ctx.now;
  return event_list{make_event(event_type::ticket_acknowledged, ctx, o)};
}

result<event_list> start(order& o, const context& ctx) {
  if (auto e = check_ticket_move(o, ticket_status::preparing)) return *e;
  kitchen_order& ticket = *o.ticket;
  ticket.status = ticket_status::preparing;
  if (ticket.chef == 0) take_chef(ticket, ctx.actor);
  ticket.started_at = ctx.now;
  for (order_item& item : o.items) {
    if (item.status == item_status::pending && !item.held) move_line(item, item_status::preparing, ctx.now);
  }
  const bool moved = order_follows(o, order_status::preparing, ctx.now);
  return ticket_moved(event_type::ticket_preparing, ctx, o, moved);
}

result<event_list> mark_ready(order& o, const context& ctx) {
  if (auto e = check_ticket_move(o, ticket_status::ready)) return *e;
  kitchen_order& ticket = *o.ticket;
  ticket.status = ticket_status::ready;
  ticket.ready_at = ctx.now;
  // A held course stays held: firing it later reopens the ticket.
  for (order_item& item : o.items) {
    if ((item.status == item_status::pending || item.status == item_status::preparing) && !item.held)
      move_line(item, item_status::ready, ctx.now);
  }
  const bool moved = order_follows(o, order_status::ready, ctx.now);
  return ticket_moved(event_type::ticket_ready, ctx, o, moved);
}

result<event_list> complete(order& o, const context& ctx) {
  if (auto e = check_ticket_move(o, ticket_status::completed)) return *e;
  const bool moved = complete_ticket(o, ctx.now);
  return ticket_moved(event_type::ticket_completed, ctx, o, moved);
}

result<event_list> recall(order& o, const context& ctx) {
  if (!o.ticket) return no_ticket(o);
  kitchen_order& ticket = *o.ticket;
  if (ticket.status != ticket_status::completed)
    return invalid_transition("ticket", ticket.status, ticket_status::ready);
  // Paid and closed (or cancelled): the table's bill is settled, so the
  // kitchen cannot take the order back.
  if (!order_is_open(o.status)) {
    return conflict(
        fmt::format("the order is {}: its ticket can no longer be recalled", to_string(o.status)));
  }
  // A clock that stepped back counts as within the window, as prep times
  // count it as 0: the bump cannot be in the future.
  if (!ticket.completed_at || ctx.now - *ticket.completed_at > kRecallWindow) {
    return conflict(fmt::format("the ticket was completed more than {} minutes ago: it can no longer be recalled",
                                kRecallWindow.count()));
  }
  ticket.status = ticket_status::ready;
  ticket.completed_at.reset();
  for (order_item& item : o.items) {
    if (item.status == item_status::served) move_line(item, item_status::ready, ctx.now);
  }
  // Only the bump's own move is undone; ready_at keeps the first ready time,
  // as the food has been ready since then.
  const bool moved = o.status == order_status::served;
  if (moved) {
    o.status = order_status::ready;
    o.served_at.reset();
  }
  return ticket_moved(event_type::ticket_recalled, ctx, o, moved);
}

result<event_list> accept_cancellation(order& o, const context& ctx) {
  if (!o.ticket) return no_ticket(o);
  if (auto e = check_open_request(o)) return *e;
  if (auto e = check_ticket_move(o, ticket_status::cancelled)) return *e;
  if (!order_can_move(o.status, order_status::cancelled)) {
    return invalid_transition("order", o.status, order_status::cancelled);
  }
  cancel_request& request = *o.cancellation;
  request.status = cancel_request_status::accepted;
  request.decided_at = ctx.now;
  cancel_order(o, ctx.now);
  domain_event accepted = make_event(event_type::ticket_cancel_accepted, ctx, o);
  accepted.reason = request.reason;
  domain_event cancelled = make_event(event_type::order_cancelled, ctx, o);
  cancelled.reason = request.reason;
  return event_list{std::move(accepted), std::move(cancelled)};
}

result<event_list> reject_cancellation(order& o, const context& ctx, std::string_view reason) {
  if (auto e = check_length("reason", reason, kMinReason, kMaxReason)) return *e;
  if (!o.ticket) return no_ticket(o);
  if (auto e = check_open_request(o)) return *e;
  cancel_request& request = *o.cancellation;
  request.status = cancel_request_status::rejected;
  request.rejection_reason = std::string(reason);
  request.decided_at = ctx.now;
  domain_event rejected = make_event(event_type::ticket_cancel_rejected, ctx, o);
  rejected.reason = std::string(reason);
  return event_list{std::move(rejected)};
}

result<event_list> set_priority(order& o, const context& ctx, ticket_priority priority) {
  if (auto e = check_open_ticket(o, "priority")) return *e;
  if (o.ticket->priority == priority) return event_list{};
  o.ticket->priority = priority;
  return event_list{make_event(event_type::ticket_priority_changed, ctx, o)};
}

result<event_list> assign_station(order& o, const context& ctx,
                                  const std::optional<station>& where) {
  if (!where || where->restaurant != ctx.restaurant.id)
    return validation_error("stationId", "station does not exist");
  if (auto e = check_open_ticket(o, "station")) return *e;
  if (o.ticket->station == where->id) return event_list{};
  o.ticket->station = where->id;
  o.ticket->station_name = where->name;
  return event_list{make_event(event_type::ticket_station_assigned, ctx, o)};
}

}  // namespace brigade::kitchen::workflow
