#include "kitchen/transitions.hpp"

namespace brigade::kitchen {

bool order_can_move(order_status from, order_status to) {
  using s = order_status;
  switch (to) {
    case s::pending:
      return false;
    case s::confirmed:
      return from == s::pending;
    case s::preparing:
      return from == s::confirmed;
    case s::ready:
      return from == s::preparing;
    case s::served:
      return from == s::ready;
    case s::completed:
      return from == s::served;
    case s::cancelled:
      return from == s::pending || from == s::confirmed || from == s::preparing || from == s::ready;
  }
  return false;
}

bool order_status_settable(order_status from, order_status to) {
  using s = order_status;
  return (from == s::pending && to == s::confirmed) || (from == s::ready && to == s::served) ||
         (from == s::served && to == s::completed);
}

bool ticket_can_move(ticket_status from, ticket_status to) {
  using s = ticket_status;
  switch (to) {
    case s::pending:
      return false;
    case s::acknowledged:
      return from == s::pending;
    case s::preparing:
      return from == s::pending || from == s::acknowledged;
    case s::ready:
      return from == s::preparing;
    case s::completed:
      return from == s::ready;
    case s::cancelled:
      return ticket_is_open(from);
  }
  return false;
}

bool item_can_move(item_status from, item_status to) {
  using s = item_status;
  switch (to) {
    case s::pending:
      return false;
    case s::preparing:
      return from == s::pending;
    case s::ready:
      return from == s::preparing;
    case s::served:
      return from == s::ready;
    case s::cancelled:
      return from != s::served && from != s::cancelled;
  }
  return false;
}

bool ticket_is_open(ticket_status s) {
  return s == ticket_status::pending || s == ticket_status::acknowledged ||
         s == ticket_status::preparing || s == ticket_status::ready;
}

bool order_is_open(order_status s) {
  return s != order_status::completed && s != order_status::cancelled;
}

bool order_accepts_items(order_status s) {
  return order_is_open(s);
}

bool order_accepts_item_changes(order_status s) {
  return order_accepts_items(s);
}

bool order_accepts_cancel_request(order_status s) {
  return order_can_move(s, order_status::cancelled);
}

bool ticket_reopens(ticket_status s) {
  return s == ticket_status::ready || s == ticket_status::completed;
}

}  // namespace brigade::kitchen
