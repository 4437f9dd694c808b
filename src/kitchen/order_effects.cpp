#include "kitchen/order_effects.hpp"

#include "kitchen/line_progress.hpp"
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

bool order_follows(order& o, order_status to, timestamp now) {
  if (!order_can_move(o.status, to)) return false;
  move_order(o, to, now);
  return true;
}

void take_chef(kitchen_order& ticket, const actor& by) {
  if (by.is_device()) return;
  ticket.chef = by.id;
  ticket.chef_name = by.name;
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
  fire_first_course(o, ctx);
}

bool complete_ticket(order& o, timestamp now) {
  kitchen_order& ticket = *o.ticket;
  ticket.status = ticket_status::completed;
  ticket.completed_at = now;
  for (order_item& item : o.items) {
    if (item.status == item_status::ready) move_line(item, item_status::served, now);
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
