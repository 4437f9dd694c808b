#include "kitchen/order_effects.hpp"

#include "kitchen/transitions.hpp"

namespace brigade::kitchen::workflow {

void move_order(order& o, order_status to, timestamp now) {
  o.status = to;
  switch (to) {
    case order_status::pending:
      break;
    case order_status::confirmed:
      o.confirmed_at = now;
      break;
    case order_status::preparing:
      o.preparing_at = now;
      break;
    case order_status::ready:
      o.ready_at = now;
      break;
    case order_status::served:
      o.served_at = now;
      break;
    case order_status::completed:
      o.completed_at = now;
      break;
    case order_status::cancelled:
      o.cancelled_at = now;
      break;
  }
}

void open_ticket(order& o, const context& ctx, const std::optional<station>& where) {
  kitchen_order ticket;
  ticket.status = ticket_status::pending;
  ticket.priority = ticket_priority::normal;
  if (where) {
    ticket.station = where->id;
    ticket.station_name = where->name;
  }
  ticket.created_at = ctx.now;
  o.ticket = std::move(ticket);
}

bool complete_ticket(order& o, timestamp now) {
  kitchen_order& ticket = *o.ticket;
  ticket.status = ticket_status::completed;
  ticket.completed_at = now;
  for (order_item& item : o.items) {
    if (item.status == item_status::ready) item.status = item_status::served;
  }
  if (o.status != order_status::ready) return false;
  move_order(o, order_status::served, now);
  return true;
}

void cancel_order(order& o, timestamp now) {
  move_order(o, order_status::cancelled, now);
  for (order_item& item : o.items) {
    if (item.status != item_status::served) item.status = item_status::cancelled;
  }
  if (o.ticket && ticket_is_open(o.ticket->status)) {
    o.ticket->status = ticket_status::cancelled;
    o.ticket->cancelled_at = now;
  }
}

bool reopen_ticket(order& o) {
  kitchen_order& ticket = *o.ticket;
  ticket.status = ticket_status::preparing;
  ticket.ready_at.reset();
  ticket.completed_at.reset();
  if (o.status != order_status::ready && o.status != order_status::served) return false;
  // Back to preparing keeps the first preparing_at: the kitchen has been
  // working on this order since then.
  o.status = order_status::preparing;
  o.ready_at.reset();
  o.served_at.reset();
  return true;
}

}  // namespace brigade::kitchen::workflow
